package dev.medic.spi;

import java.time.Clock;

/** What a probe is opened with: its target's name, the clock, and what the runtime binds. */
public record ProbeContext(String target, Clock clock, Bindings bindings) {}

package dev.medic.spi;

import java.time.Instant;

/** One transition in an incident's life: opened, healing, escalated, resolved, reopened-after-restart. */
public record TimelineEvent(long incidentId, Instant at, String event, String detail) {}

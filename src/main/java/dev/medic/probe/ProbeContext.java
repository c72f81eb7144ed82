package dev.medic.probe;

import dev.medic.process.Supervisor;
import java.net.http.HttpClient;
import java.time.Clock;

/** What probes share: one HTTP client for all HTTP checks, the process supervisor and the clock. */
public record ProbeContext(
    String target, HttpClient http, HttpClient insecureHttp, Supervisor supervisor, Clock clock) {}

package dev.medic.llm;

import dev.medic.spi.Incident;
import dev.medic.spi.IncidentBundle;
import dev.medic.spi.IncidentBundle.ActionTaken;
import dev.medic.spi.IncidentBundle.Neighbour;
import dev.medic.spi.IncidentBundle.Neighbourhood;
import dev.medic.spi.IncidentBundle.ObservationSample;
import dev.medic.spi.IncidentBundle.StrategyOption;
import dev.medic.spi.Severity;
import dev.medic.spi.Status;
import dev.medic.spi.TimelineEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An api failing because the database it depends on refuses connections: the bundle the tests send. */
final class Bundles {

  static final Instant OPENED = Instant.parse("2026-11-30T10:00:00Z");

  private Bundles() {}

  static Incident apiIncident() {
    return new Incident(12, "api", "http_status", Severity.CRITICAL, dev.medic.spi.IncidentState.OPEN,
        "GET /health answered 503", OPENED, OPENED.plusSeconds(300), 2, List.of("restart-api"), true, null, null, null);
  }

  static Incident dbIncident() {
    return new Incident(11, "db", "tcp_refused", Severity.CRITICAL, dev.medic.spi.IncidentState.OPEN,
        "connection refused on 127.0.0.1:5432", OPENED.minusSeconds(20), OPENED, 0, List.of(), false, null, null, null);
  }

  static IncidentBundle withLogLines(List<String> logLines) {
    return new IncidentBundle(IncidentBundle.VERSION, OPENED.plusSeconds(400), apiIncident(),
        List.of(new TimelineEvent(12, OPENED, "opened", "GET /health answered 503"),
            new TimelineEvent(12, OPENED.plusSeconds(60), "action", "restart-api: no effect")),
        List.of(new ObservationSample(OPENED, "health", Status.DOWN, 12.0, "http_status", "503 Service Unavailable",
            Map.of())),
        logLines,
        List.of(new ActionTaken(OPENED.plusSeconds(60), "restart-api", "process_restart", "no_effect",
            "restarted; still 503")),
        Map.of("name", "api", "depends_on", List.of("db")),
        List.of(new StrategyOption("restart-api", "process_restart", false, List.of("http_status")),
            new StrategyOption("flush-cache", "redis_command", true, List.of())),
        new Neighbourhood(List.of(new Neighbour("db", "down", 1, List.of(), List.of(dbIncident()))), List.of()),
        List.of(dbIncident()),
        List.of());
  }

  static IncidentBundle sample() {
    return withLogLines(List.of("ERROR pool: could not connect to db:5432: Connection refused"));
  }
}

package dev.medic.runtime;

import dev.medic.detect.TargetDetector;
import dev.medic.heal.Healer;
import dev.medic.incident.EventBus;
import dev.medic.incident.IncidentEvent;
import dev.medic.process.Supervisor;
import dev.medic.spi.Incident;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows an incident's opening and resolution, each on its own queue: the log and the
 * evidence of a dead process; the healer; after a crash loop, what it was hiding.
 */
final class Lifecycle {

  private static final Logger log = LoggerFactory.getLogger("medic");

  private Lifecycle() {}

  static void subscribe(EventBus events, Healer healer, Pipeline pipeline, ProcessExits exits, Supervisor supervisor) {
    events.subscribe("lifecycle", event -> {
      switch (event) {
        case IncidentEvent.Opened o -> {
          Incident incident = o.incident();
          log.warn("incident #{} opened: {} {} [{}] {}", incident.id(), incident.target(),
              incident.condition(), incident.severity().key(), incident.message());
          exits.noteLastOutput(incident, supervisor);
        }
        case IncidentEvent.Resolved r -> {
          Incident incident = r.incident();
          log.info("incident #{} {}: {} {} after {} s: {}", incident.id(),
              incident.symptom() ? "closed as a symptom" : "resolved", incident.target(), incident.condition(),
              incident.resolutionSeconds(), incident.resolutionDetails());
          if (incident.condition().equals(TargetDetector.CRASH_LOOP)) {
            pipeline.raiseWhatStillHolds(incident.target());
          }
        }
        default -> {}
      }
    });
    events.subscribe("healer", event -> {
      switch (event) {
        case IncidentEvent.Opened o -> healer.take(o.incident());
        case IncidentEvent.Resolved r -> healer.resolved(r.incident());
        default -> {}
      }
    });
  }
}

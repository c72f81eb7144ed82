package dev.medic.runtime;

import dev.medic.heal.Healer;
import dev.medic.incident.EventBus;
import dev.medic.incident.IncidentEvent;
import dev.medic.incident.WholeTargetConditions;
import dev.medic.process.Supervisor;
import dev.medic.spi.Incident;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows an incident's opening and resolution, each on its own queue: the log and the
 * evidence of a dead process; the healer; after a crash loop or flapping, what it was hiding; a
 * symptom whose root resolved, to the healer.
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
          if (WholeTargetConditions.covers(incident.condition())) {
            pipeline.raiseWhatStillHolds(incident.target());
          }
        }
        case IncidentEvent.Linked l -> log.info("incident #{} {} {} is a symptom of #{} {} {}", l.symptom().id(),
            l.symptom().target(), l.symptom().condition(), l.root().id(), l.root().target(), l.root().condition());
        case IncidentEvent.Unlinked u -> log.info("incident #{} {} {} still holds after its root #{} {} resolved",
            u.symptom().id(), u.symptom().target(), u.symptom().condition(), u.root().id(), u.root().target());
        default -> {}
      }
    });
    events.subscribe("healer", event -> {
      switch (event) {
        case IncidentEvent.Opened o -> healer.take(o.incident());
        case IncidentEvent.Resolved r -> healer.resolved(r.incident());
        // Its root is gone and it still holds: healed as an incident of its own from now on.
        case IncidentEvent.Unlinked u -> healer.take(u.symptom());
        default -> {}
      }
    });
  }
}

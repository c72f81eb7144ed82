package dev.medic.runtime;

import dev.medic.config.MedicConfig;
import dev.medic.config.ProcessSpec;
import dev.medic.config.TargetConfig;
import dev.medic.process.Supervisor;
import dev.medic.store.AuditEntry;
import dev.medic.store.Store;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervised processes follow the config on reload: those of removed targets stop, those whose
 * process settings changed restart with the new ones, new ones start. A process that cannot start
 * is logged and audited; its process check reports it down like any other exit.
 */
final class ProcessReconciler {

  private static final Logger log = LoggerFactory.getLogger("medic");

  private final Supervisor supervisor;
  private final Store store;
  private final Clock clock;

  ProcessReconciler(Supervisor supervisor, Store store, Clock clock) {
    this.supervisor = supervisor;
    this.store = store;
    this.clock = clock;
  }

  void reconcile(MedicConfig before, MedicConfig after, List<String> removed) {
    for (String name : removed) {
      before.target(name).map(TargetConfig::process).ifPresent(spec -> stop(name, spec));
    }
    for (TargetConfig t : after.targets()) {
      ProcessSpec was = before.target(t.name()).map(TargetConfig::process).orElse(null);
      try {
        if (t.process() == null) {
          if (was != null) {
            stop(t.name(), was);
          }
        } else if (!supervisor.runsWith(t.name(), t.process())) {
          boolean running = supervisor.find(t.name()).isPresent();
          supervisor.replace(t.name(), t.process());
          if (running) {
            log.info("process of {} restarted with its new settings", t.name());
          }
        }
      } catch (IOException e) {
        log.error("cannot start process of {}: {}", t.name(), e.getMessage());
        store.audit().append(AuditEntry.of(clock.instant(), null, t.name(), "reload", null, "failed",
            "cannot start process of " + t.name() + ": " + e.getMessage()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void stop(String target, ProcessSpec spec) {
    try {
      supervisor.stop(target, spec.stopGrace());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

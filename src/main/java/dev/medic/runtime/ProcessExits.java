package dev.medic.runtime;

import dev.medic.detect.TargetDetector;
import dev.medic.spi.Incident;
import dev.medic.incident.IncidentBook;
import dev.medic.process.SupervisedProcess;
import dev.medic.process.Supervisor;
import dev.medic.store.AuditEntry;
import dev.medic.store.Store;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a supervised process's exit means for the loop: an audit entry with its last output, an
 * exit in the target's crash-loop window, evidence on the incidents it explains, and a check of
 * the target now rather than at its next interval.
 */
final class ProcessExits {

  private static final Logger log = LoggerFactory.getLogger("medic");

  /** Incidents that a supervised process's exit is evidence for. */
  private static final Set<String> PROCESS_CONDITIONS = Set.of("process_exited", TargetDetector.CRASH_LOOP);

  private final TargetRuntimes runtimes;
  private final Pipeline pipeline;
  private final Store store;
  private final IncidentBook book;
  private final Consumer<String> checkNow;

  ProcessExits(TargetRuntimes runtimes, Pipeline pipeline, Store store, IncidentBook book, Consumer<String> checkNow) {
    this.runtimes = runtimes;
    this.pipeline = pipeline;
    this.store = store;
    this.book = book;
    this.checkNow = checkNow;
  }

  void exited(SupervisedProcess.Exit exit) {
    log.warn("{}: {}{}", exit.target(), how(exit), exit.lastLines().isEmpty() ? ""
        : "; last output:\n    " + String.join("\n    ", exit.lastLines()));
    TargetRuntime rt = runtimes.get(exit.target());
    if (rt == null) {
      return;
    }
    store.audit().append(AuditEntry.of(exit.at(), null, exit.target(), AuditEntry.PROCESS_EXITED, null, "", report(exit)));
    synchronized (rt) {
      pipeline.handle(rt.config, rt.processExited(exit.at()));
    }
    for (Incident i : book.openIncidents(exit.target())) {
      if (PROCESS_CONDITIONS.contains(i.condition())) {
        book.note(i.id(), "process_output", report(exit));
      }
    }
    checkNow.accept(exit.target());
  }

  /** A new incident about a process that died gets the output it left as evidence. */
  void noteLastOutput(Incident incident, Supervisor supervisor) {
    if (!PROCESS_CONDITIONS.contains(incident.condition())) {
      return;
    }
    supervisor.find(incident.target()).flatMap(SupervisedProcess::lastExit).ifPresent(exit ->
        book.note(incident.id(), "process_output", report(exit)));
  }

  private static String how(SupervisedProcess.Exit exit) {
    return "process " + exit.describe() + " (pid " + exit.pid() + ")";
  }

  /** How the process ended and the output it left: the evidence for the audit and the incident. */
  private static String report(SupervisedProcess.Exit exit) {
    return how(exit) + (exit.lastLines().isEmpty() ? "; no output" : "; last " + exit.lastLines().size()
        + " lines of output:\n" + String.join("\n", exit.lastLines()));
  }
}

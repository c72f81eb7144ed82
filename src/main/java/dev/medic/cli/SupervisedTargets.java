package dev.medic.cli;

import dev.medic.config.MedicConfig;
import dev.medic.config.TargetConfig;
import dev.medic.spi.CheckSpec;
import dev.medic.spi.Observation;
import dev.medic.spi.Status;
import dev.medic.process.ChildLedger;
import dev.medic.config.StoreUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code medic check} says about a process that {@code medic run} supervises. check does not
 * start it (a one-shot command that spawned and killed a service would be worse than useless); it
 * reads the store's ledger of supervised children instead: UP with the pid when a running medic runs
 * it, SKIP (not a failure) when no medic runs it now.
 */
final class SupervisedTargets {

  static final String SKIP = "SKIP";

  private final Path ledger;
  private final Map<String, ChildLedger.Child> running;

  private SupervisedTargets(Path ledger, Map<String, ChildLedger.Child> running) {
    this.ledger = ledger;
    this.running = running;
  }

  /** Reads, never writes, the ledger beside the config's store; absent means nothing runs. */
  static SupervisedTargets of(MedicConfig cfg) {
    Path store = StoreUrl.parse(cfg.agent().store()).path().toAbsolutePath().normalize();
    Path ledger = store.resolveSibling(store.getFileName() + ".children");
    Map<String, ChildLedger.Child> running = new HashMap<>();
    if (Files.isRegularFile(ledger)) {
      ChildLedger.at(ledger).stillRunning().forEach(c -> running.put(c.target(), c));
    }
    return new SupervisedTargets(ledger, running);
  }

  /**
   * The answer for a check of the target's supervised process, without running anything; empty for
   * every other check. A SKIP is an observation of status {@link Status#UNKNOWN}.
   */
  Optional<Observation> observe(TargetConfig target, CheckSpec check, Instant now) {
    if (!check.watchesSupervisedProcess() || target.process() == null) {
      return Optional.empty();
    }
    ChildLedger.Child child = running.get(target.name());
    if (child != null) {
      return Optional.of(new Observation(now, target.name(), check.name(), Status.UP, Duration.ZERO,
          Map.of(), null, "pid " + child.pid() + ", supervised by a running medic"));
    }
    return Optional.of(new Observation(now, target.name(), check.name(), Status.UNKNOWN, null, Map.of(), null,
        "supervised by `medic run`; no medic runs it now (none recorded in " + ledger + ")"));
  }
}

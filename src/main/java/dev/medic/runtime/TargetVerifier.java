package dev.medic.runtime;

import dev.medic.config.AgentSettings;
import dev.medic.config.MedicConfig;
import dev.medic.heal.Verifier;
import dev.medic.spi.Incident;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import dev.medic.schedule.Prober;
import dev.medic.spi.Observation;
import java.util.List;
import java.util.function.Supplier;

/**
 * Verify after an action: re-run the target's checks until its condition no longer holds and every
 * check has run healthy since the action, then keep watching for the settle period: a service
 * that answers for a moment after a restart and dies again is not healed. Fails at the first
 * relapse, or when the target is not healthy by the deadline.
 */
final class TargetVerifier implements Verifier {

  private final TargetRuntimes runtimes;
  private final Prober prober;
  private final Pipeline pipeline;
  private final Supplier<MedicConfig> config;
  private final Clock clock;

  TargetVerifier(TargetRuntimes runtimes, Prober prober, Pipeline pipeline, Supplier<MedicConfig> config, Clock clock) {
    this.runtimes = runtimes;
    this.prober = prober;
    this.pipeline = pipeline;
    this.config = config;
    this.clock = clock;
  }

  @Override
  public boolean holds(Incident incident) {
    // Cleared means the detector let go of it and no check is failing: a verification run that
    // saw the service die again may not have reached the detector yet.
    TargetRuntime rt = runtimes.get(incident.target());
    return rt != null && (rt.holds(incident.condition()) || rt.failingChecks() > 0);
  }

  @Override
  public Result verify(Incident incident, Instant actedAt, Duration timeout) throws InterruptedException {
    Duration settle = settleFor(incident.target());
    long deadline = System.nanoTime() + timeout.toNanos();
    long healthyFrom = -1;
    Duration step = Duration.ofMillis(50);
    while (true) {
      TargetRuntime rt = runtimes.get(incident.target());
      if (rt == null) {
        return new Result(false, 0, "target " + incident.target() + " is no longer configured");
      }
      // Wait for the runs themselves (each ends within its check's timeout): a run's result that
      // came after the wait would take the usual way and count as if the action's aftermath were news.
      Duration left = Duration.ofNanos(deadline - System.nanoTime());
      List<Observation> seen = prober.probeNow(incident.target(), left.compareTo(step) > 0 ? left : step);
      for (Observation o : seen) {
        // Until the target first looks healed, a failure is the action's own aftermath (a service
        // still booting) and must not open incidents; once it settles, a failure is a relapse.
        pipeline.observe(o, healthyFrom >= 0);
      }
      if (seen.isEmpty()) {
        // Every check was already running: its result comes through the pipeline.
        rt.awaitObservation(step);
      }
      boolean cleared = !rt.holds(incident.condition());
      boolean healthy = rt.healthySince(actedAt);
      long now = System.nanoTime();
      if (cleared && healthy) {
        if (healthyFrom < 0) {
          healthyFrom = now;
        }
        if (Duration.ofNanos(now - healthyFrom).compareTo(settle) >= 0) {
          return new Result(true, 0, "condition cleared and every check healthy "
              + Duration.between(actedAt, clock.instant()).minus(settle).toMillis() + " ms after the action,"
              + " then for the " + settle.toMillis() + " ms settle period");
        }
      } else if (healthyFrom >= 0) {
        int failing = rt.failingChecks();
        return new Result(false, failing, "healthy for " + Duration.ofNanos(now - healthyFrom).toMillis()
            + " ms after the action, then " + (cleared ? plural(failing) + " failing" : incident.condition() + " came back")
            + " within the " + settle.toMillis() + " ms settle period");
      } else if (now >= deadline) {
        int failing = rt.failingChecks();
        String why = cleared ? "condition cleared but " + plural(failing) + " failing"
            : failing == 0 ? incident.condition() + " still holds (no check down)"
            : incident.condition() + " still holds, " + plural(failing) + " failing";
        return new Result(false, failing, why + " after " + timeout.toMillis() + " ms");
      }
      step = step.multipliedBy(2).compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : step.multipliedBy(2);
    }
  }

  private static String plural(int checks) {
    return checks == 1 ? "1 check" : checks + " checks";
  }

  /** {@code agent.verify_settle}, or three of the target's shortest check interval within the verify timeout. */
  private Duration settleFor(String target) {
    AgentSettings agent = config.get().agent();
    if (agent.verifySettle() != null) {
      return agent.verifySettle();
    }
    Duration shortest = config.get().target(target).stream()
        .flatMap(t -> t.checks().stream())
        .map(c -> c.interval() == null ? agent.interval() : c.interval())
        .min(Duration::compareTo)
        .orElse(agent.interval());
    Duration three = shortest.multipliedBy(3);
    return three.compareTo(agent.verifyTimeout()) > 0 ? agent.verifyTimeout() : three;
  }
}

package dev.medic.process;

import dev.medic.config.ProcessSpec;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The processes medic starts for targets, by target name. */
public final class Supervisor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

  private final Clock clock;
  private final Consumer<SupervisedProcess.Exit> onExit;
  private final Map<String, SupervisedProcess> processes = new ConcurrentHashMap<>();
  private final ChildLedger ledger;

  public Supervisor(Clock clock, Consumer<SupervisedProcess.Exit> onExit, ChildLedger ledger) {
    this.clock = clock;
    this.onExit = onExit;
    this.ledger = ledger;
  }

  /**
   * Stops the children an earlier medic started and could not stop (it was killed): SIGTERM to each
   * and its descendants, SIGKILL after {@code grace}. Call before supervising anything.
   *
   * @return the children that were stopped
   */
  public List<ChildLedger.Child> stopLeftovers(Duration grace) throws InterruptedException {
    List<ChildLedger.Child> leftovers = ledger.stillRunning();
    for (ChildLedger.Child c : leftovers) {
      ProcessHandle.of(c.pid()).ifPresent(h -> {
        log.warn("stopping {}'s process pid {}, left running by a medic that did not stop it", c.target(), c.pid());
        h.descendants().forEach(ProcessHandle::destroy);
        h.destroy();
      });
    }
    awaitGone(leftovers, grace);
    for (ChildLedger.Child c : leftovers) {
      if (ProcessTable.running(c.pid())) {
        log.warn("{}'s process pid {} ignored SIGTERM for {} ms: SIGKILL", c.target(), c.pid(), grace.toMillis());
        ProcessHandle.of(c.pid()).ifPresent(h -> {
          h.descendants().forEach(ProcessHandle::destroyForcibly);
          h.destroyForcibly();
        });
      }
    }
    awaitGone(leftovers, Duration.ofSeconds(5));
    for (ChildLedger.Child c : leftovers) {
      ledger.ended(c.target(), c.pid());
    }
    return leftovers;
  }

  /** Starts the process for a target unless one is already supervised under that name. */
  public SupervisedProcess supervise(String target, ProcessSpec spec) throws IOException {
    SupervisedProcess p =
        processes.computeIfAbsent(target, t -> new SupervisedProcess(t, spec, clock, onExit, ledger));
    p.start();
    return p;
  }

  /**
   * Stops the target's process and forgets it (a target removed by a reload): SIGTERM to it and its
   * descendants, SIGKILL after {@code grace}; it leaves the children ledger and {@link #find} no
   * longer knows it. Its exit is not reported as a failure.
   *
   * @return whether the target had a process
   */
  public boolean stop(String target, Duration grace) throws InterruptedException {
    SupervisedProcess p = processes.remove(target);
    if (p == null) {
      return false;
    }
    p.stop(grace);
    return true;
  }

  /**
   * Whether the target's process runs with exactly this spec (command, workdir, env, output lines,
   * stop grace). A reload restarts a target whose spec changed and leaves the others alone.
   */
  public boolean runsWith(String target, ProcessSpec spec) {
    SupervisedProcess p = processes.get(target);
    return p != null && p.spec().equals(spec);
  }

  /**
   * Supervises the target with {@code spec}: a process already running with the same spec is left
   * as it is; one with another spec is stopped (its own stop grace) and started anew with this one.
   *
   * @return the process now supervised for the target
   */
  public SupervisedProcess replace(String target, ProcessSpec spec) throws IOException, InterruptedException {
    SupervisedProcess current = processes.get(target);
    if (current != null && current.spec().equals(spec)) {
      return current;
    }
    if (current != null) {
      log.info("process of {} changed: stopping pid {} to start it with the new command", target, current.pid());
      stop(target, current.spec().stopGrace());
    }
    return supervise(target, spec);
  }

  /** The targets with a supervised process (a reload stops those no longer configured). */
  public Set<String> targets() {
    return Set.copyOf(processes.keySet());
  }

  public Optional<SupervisedProcess> find(String target) {
    return Optional.ofNullable(processes.get(target));
  }

  /** Polls: these are not medic's children, so there is no exit to wait on, only the kernel to ask. */
  private static void awaitGone(List<ChildLedger.Child> children, Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (children.stream().anyMatch(c -> ProcessTable.running(c.pid())) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  @Override
  public void close() {
    for (SupervisedProcess p : processes.values()) {
      try {
        p.stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.warn("could not stop supervised process of {}: {}", p.target(), e.toString());
      }
    }
    processes.clear();
  }
}

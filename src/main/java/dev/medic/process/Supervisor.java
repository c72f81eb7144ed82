package dev.medic.process;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
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

  public Supervisor(Clock clock, Consumer<SupervisedProcess.Exit> onExit) {
    this.clock = clock;
    this.onExit = onExit;
  }

  /** Starts the process for a target unless one is already supervised under that name. */
  public SupervisedProcess supervise(String target, ProcessSpec spec) throws IOException {
    SupervisedProcess p =
        processes.computeIfAbsent(target, t -> new SupervisedProcess(t, spec, clock, onExit));
    p.start();
    return p;
  }

  public Optional<SupervisedProcess> find(String target) {
    return Optional.ofNullable(processes.get(target));
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

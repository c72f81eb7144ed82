package dev.medic.docker;

import dev.medic.spi.ActionOutcome;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * What the docker actions share: connect, find the container, act, and read its state back so the
 * audit says what the container is doing after the action, not only that the call was accepted.
 */
final class ContainerOps {

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private ContainerOps() {}

  /** One action on a container that exists now. */
  @FunctionalInterface
  interface Op {
    ActionOutcome apply(DockerClient client, ContainerState before) throws DockerException, InterruptedException;
  }

  static ActionOutcome on(String host, DockerTls tls, Duration timeout, String container, Op op)
      throws InterruptedException {
    DockerEndpoint endpoint = DockerEndpoint.of(host, tls);
    try (DockerClient client = DockerClient.open(endpoint, timeout)) {
      Optional<ContainerState> before = client.inspect(container).map(ContainerState::of);
      if (before.isEmpty()) {
        return ActionOutcome.failed("no container " + container + " on " + endpoint);
      }
      return op.apply(client, before.get());
    } catch (DockerException e) {
      return ActionOutcome.failed(e.getMessage());
    }
  }

  /** The container's state now, in words: {@code running, restart count 0, started 14:02:11}. */
  static String describe(ContainerState s) {
    StringBuilder b = new StringBuilder(s.status());
    if (!s.health().equals("none")) {
      b.append(" (").append(s.health()).append(')');
    }
    if (!s.running() && s.finishedAt() != null) {
      b.append(", exit code ").append(s.exitCode());
    }
    b.append(", restart count ").append(s.restartCount());
    if (s.startedAt() != null) {
      b.append(s.running() ? ", started " : ", last started ").append(CLOCK.format(s.startedAt()));
    }
    return b.toString();
  }

  /** The state after an action, read back; a container gone meanwhile is said so. */
  static String after(DockerClient client, String container) throws DockerException, InterruptedException {
    return client.inspect(container).map(ContainerState::of).map(ContainerOps::describe)
        .orElse("no longer exists");
  }

  static ContainerState stateAfter(DockerClient client, String container, ContainerState fallback)
      throws DockerException, InterruptedException {
    return client.inspect(container).map(ContainerState::of).orElse(fallback);
  }

  static int graceSeconds(Duration grace) {
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, grace.toSeconds()));
  }
}

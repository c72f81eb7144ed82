package dev.medic.docker;

import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.ActionSpec;
import dev.medic.spi.Durations;
import dev.medic.spi.SpecProblem;
import java.time.Duration;
import java.util.List;

/**
 * Stops a container (SIGTERM, then SIGKILL after the grace period), say to stop a runaway worker
 * from doing more harm. A container not running is left alone (no effect).
 *
 * @param container name or id, may use {@code {target}}
 * @param host the engine (default {@code $DOCKER_HOST}, else {@code unix:///var/run/docker.sock})
 * @param tls client certificates for a {@code tcp://} engine
 * @param grace how long the container may take to stop before it is killed (default 10s)
 */
public record DockerStopAction(String container, String host, DockerTls tls, Duration grace, Duration timeout)
    implements ActionSpec {

  public DockerStopAction {
    DockerActions.requireContainer(container);
    DockerEndpoint.of(host, tls);
    grace = grace == null ? Duration.ofSeconds(10) : grace;
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must be 0s or more, got " + Durations.format(grace));
    }
  }

  @Override
  public String describe(ActionContext context) {
    return "docker_stop " + context.render(container);
  }

  @Override
  public ActionOutcome run(ActionContext context) throws InterruptedException {
    String name = context.render(container);
    return ContainerOps.on(host, tls, effectiveTimeout(), name, (client, before) -> {
      if (!before.running() && !before.status().equals("restarting") && !before.status().equals("paused")) {
        return ActionOutcome.noEffect(name + " is not running: " + ContainerOps.describe(before));
      }
      client.stop(before.id(), ContainerOps.graceSeconds(grace));
      ContainerState after = ContainerOps.stateAfter(client, before.id(), before);
      String detail = "stopped " + name + ": " + ContainerOps.describe(after);
      return after.running() ? ActionOutcome.failed(detail) : ActionOutcome.ok(detail);
    });
  }

  @Override
  public ActionOutcome plan(ActionContext context) throws InterruptedException {
    String name = context.render(container);
    return ContainerOps.on(host, tls, effectiveTimeout(), name, (client, before) -> before.running()
        ? ActionOutcome.ok("would stop " + name + " (now " + ContainerOps.describe(before) + ")")
        : ActionOutcome.noEffect("would leave " + name + " alone: " + ContainerOps.describe(before)));
  }

  @Override
  public List<SpecProblem> problems() {
    return DockerActions.problems(tls);
  }
}

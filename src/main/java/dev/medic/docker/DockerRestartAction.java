package dev.medic.docker;

import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.ActionSpec;
import dev.medic.spi.Durations;
import dev.medic.spi.SpecProblem;
import java.time.Duration;
import java.util.List;

/**
 * Restarts a container (stop with a grace period, then start). It restarts the target, so it is
 * left out while the target is in a crash loop; it needs no process supervised by medic.
 *
 * @param container name or id, may use {@code {target}}
 * @param host the engine (default {@code $DOCKER_HOST}, else {@code unix:///var/run/docker.sock})
 * @param tls client certificates for a {@code tcp://} engine
 * @param grace how long the container may take to stop before it is killed (default 10s)
 */
public record DockerRestartAction(String container, String host, DockerTls tls, Duration grace, Duration timeout)
    implements ActionSpec {

  public DockerRestartAction {
    DockerActions.requireContainer(container);
    DockerEndpoint.of(host, tls);
    grace = grace == null ? Duration.ofSeconds(10) : grace;
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must be 0s or more, got " + Durations.format(grace));
    }
  }

  @Override
  public boolean restartsTarget() {
    return true;
  }

  @Override
  public String describe(ActionContext context) {
    return "docker_restart " + context.render(container);
  }

  @Override
  public ActionOutcome run(ActionContext context) throws InterruptedException {
    String name = context.render(container);
    return ContainerOps.on(host, tls, effectiveTimeout(), name, (client, before) -> {
      client.restart(before.id(), ContainerOps.graceSeconds(grace));
      ContainerState after = ContainerOps.stateAfter(client, before.id(), before);
      String detail = "restarted " + name + ": " + ContainerOps.describe(after);
      return after.running() ? ActionOutcome.ok(detail) : ActionOutcome.failed(detail);
    });
  }

  @Override
  public ActionOutcome plan(ActionContext context) throws InterruptedException {
    String name = context.render(container);
    return ContainerOps.on(host, tls, effectiveTimeout(), name,
        (client, before) -> ActionOutcome.ok("would restart " + name + " (now " + ContainerOps.describe(before) + ")"));
  }

  @Override
  public List<SpecProblem> problems() {
    return DockerActions.problems(tls);
  }
}

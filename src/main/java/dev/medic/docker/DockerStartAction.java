package dev.medic.docker;

import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.ActionSpec;
import dev.medic.spi.SpecProblem;
import java.time.Duration;
import java.util.List;

/**
 * Starts a stopped container. A container already running is left alone (no effect). Not a restart
 * of a running target, so it stays available during a crash loop.
 *
 * @param container name or id, may use {@code {target}}
 * @param host the engine (default {@code $DOCKER_HOST}, else {@code unix:///var/run/docker.sock})
 * @param tls client certificates for a {@code tcp://} engine
 */
public record DockerStartAction(String container, String host, DockerTls tls, Duration timeout) implements ActionSpec {

  public DockerStartAction {
    DockerActions.requireContainer(container);
    DockerEndpoint.of(host, tls);
  }

  @Override
  public String describe(ActionContext context) {
    return "docker_start " + context.render(container);
  }

  @Override
  public ActionOutcome run(ActionContext context) throws InterruptedException {
    String name = context.render(container);
    return ContainerOps.on(host, tls, effectiveTimeout(), name, (client, before) -> {
      if (before.running()) {
        return ActionOutcome.noEffect(name + " is already running: " + ContainerOps.describe(before));
      }
      client.start(before.id());
      ContainerState after = ContainerOps.stateAfter(client, before.id(), before);
      String detail = "started " + name + ": " + ContainerOps.describe(after);
      return after.running() ? ActionOutcome.ok(detail) : ActionOutcome.failed(detail);
    });
  }

  @Override
  public ActionOutcome plan(ActionContext context) throws InterruptedException {
    String name = context.render(container);
    return ContainerOps.on(host, tls, effectiveTimeout(), name, (client, before) -> before.running()
        ? ActionOutcome.noEffect("would leave " + name + " alone: already " + ContainerOps.describe(before))
        : ActionOutcome.ok("would start " + name + " (now " + ContainerOps.describe(before) + ")"));
  }

  @Override
  public List<SpecProblem> problems() {
    return DockerActions.problems(tls);
  }
}

package dev.medic.docker;

import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.ActionSpec;
import dev.medic.spi.SpecProblem;
import java.time.Duration;
import java.util.List;

/**
 * Sends a signal to a container's main process: KILL by default (a hung container that ignores a
 * stop; its restart policy brings it back), or another such as HUP to reload its configuration.
 * Counts as a restart of the target: left out during a crash loop.
 *
 * @param container name or id, may use {@code {target}}
 * @param signal the signal name or number (default KILL)
 * @param host the engine (default {@code $DOCKER_HOST}, else {@code unix:///var/run/docker.sock})
 * @param tls client certificates for a {@code tcp://} engine
 */
public record DockerKillAction(String container, String signal, String host, DockerTls tls, Duration timeout)
    implements ActionSpec {

  public DockerKillAction {
    DockerActions.requireContainer(container);
    DockerEndpoint.of(host, tls);
    signal = signal == null ? "KILL" : signal.strip();
    if (!signal.matches("(SIG)?[A-Z][A-Z0-9+-]*|[0-9]{1,2}")) {
      throw new IllegalArgumentException("signal must be a signal name like KILL or HUP, or a number, got '" + signal + "'");
    }
  }

  @Override
  public boolean restartsTarget() {
    return true;
  }

  @Override
  public String describe(ActionContext context) {
    return "docker_kill " + context.render(container) + " with " + signal;
  }

  @Override
  public ActionOutcome run(ActionContext context) throws InterruptedException {
    String name = context.render(container);
    return ContainerOps.on(host, tls, effectiveTimeout(), name, (client, before) -> {
      if (!before.running()) {
        return ActionOutcome.noEffect(name + " is not running, no process to signal: " + ContainerOps.describe(before));
      }
      client.kill(before.id(), signal);
      return ActionOutcome.ok("sent " + signal + " to " + name + ": " + ContainerOps.after(client, before.id()));
    });
  }

  @Override
  public ActionOutcome plan(ActionContext context) throws InterruptedException {
    String name = context.render(container);
    return ContainerOps.on(host, tls, effectiveTimeout(), name, (client, before) -> before.running()
        ? ActionOutcome.ok("would send " + signal + " to " + name + " (now " + ContainerOps.describe(before) + ")")
        : ActionOutcome.noEffect("would signal nothing: " + name + " is " + ContainerOps.describe(before)));
  }

  @Override
  public List<SpecProblem> problems() {
    return DockerActions.problems(tls);
  }
}

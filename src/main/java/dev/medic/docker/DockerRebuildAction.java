package dev.medic.docker;

import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.ActionSpec;
import dev.medic.spi.CommandRunner;
import dev.medic.spi.SpecProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds a container's image and recreates it, the heavy remedy for a container whose image or
 * state went bad: runs {@code command} (for example {@code [docker, compose, -p, spartan, build,
 * --no-cache, web]}), then {@code then} when given ({@code [docker, compose, -p, spartan, up, -d,
 * web]}), each as an argv list without a shell, every argument templated with {@code {target}}.
 * Destructive (its strategy waits for approval unless {@code approval: none}) and a restart of the
 * target (left out during a crash loop).
 *
 * @param command the build command
 * @param then the command that brings the rebuilt container up, run only when {@code command} succeeded
 * @param container name or id of the container, read back for the audit after the commands ran
 * @param host the engine (default {@code $DOCKER_HOST}, else {@code unix:///var/run/docker.sock})
 * @param tls client certificates for a {@code tcp://} engine
 * @param timeout for both commands together (default 30s; a build usually needs more, say 10m)
 */
public record DockerRebuildAction(
    List<String> command, List<String> then, String container, String host, DockerTls tls, Duration timeout)
    implements ActionSpec {

  public DockerRebuildAction {
    if (command == null || command.isEmpty() || command.getFirst().isBlank()) {
      throw new IllegalArgumentException("command must be a non-empty argv list, like [docker, compose, build, web]");
    }
    command = List.copyOf(command);
    if (then != null && (then.isEmpty() || then.getFirst().isBlank())) {
      throw new IllegalArgumentException("then must be a non-empty argv list, like [docker, compose, up, -d, web], or left out");
    }
    then = then == null ? null : List.copyOf(then);
    DockerActions.requireContainer(container);
    DockerEndpoint.of(host, tls);
  }

  @Override
  public boolean destructive() {
    return true;
  }

  @Override
  public boolean restartsTarget() {
    return true;
  }

  @Override
  public String describe(ActionContext context) {
    return "docker_rebuild " + context.render(container) + ": " + String.join(" ", argv(command, context))
        + (then == null ? "" : " then " + String.join(" ", argv(then, context)));
  }

  private static List<String> argv(List<String> template, ActionContext context) {
    return template.stream().map(context::render).toList();
  }

  @Override
  public ActionOutcome run(ActionContext context) throws InterruptedException {
    String name = context.render(container);
    long deadline = System.nanoTime() + effectiveTimeout().toNanos();
    List<String> steps = new ArrayList<>();
    for (List<String> step : then == null ? List.of(command) : List.of(command, then)) {
      List<String> argv = argv(step, context);
      Duration left = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
      CommandRunner.Result r = CommandRunner.run(argv, left);
      if (!r.succeeded()) {
        return ActionOutcome.failed(String.join(" ", argv) + ": " + r.summary(left));
      }
      steps.add(argv.getFirst() + " exit 0");
    }
    ActionOutcome after = ContainerOps.on(host, tls, Duration.ofSeconds(10), name,
        (client, state) -> ActionOutcome.ok(ContainerOps.describe(state)));
    String detail = "rebuilt " + name + " (" + String.join(", ", steps) + "): "
        + (after.ok() ? after.detail() : "state unknown: " + after.detail());
    return after.ok() ? ActionOutcome.ok(detail) : ActionOutcome.failed(detail);
  }

  @Override
  public ActionOutcome plan(ActionContext context) throws InterruptedException {
    String name = context.render(container);
    ActionOutcome now = ContainerOps.on(host, tls, effectiveTimeout(), name,
        (client, state) -> ActionOutcome.ok(ContainerOps.describe(state)));
    return ActionOutcome.ok("would run " + String.join(" ", argv(command, context))
        + (then == null ? "" : " then " + String.join(" ", argv(then, context)))
        + " for " + name + " (now " + (now.ok() ? now.detail() : now.detail()) + ")");
  }

  @Override
  public List<SpecProblem> problems() {
    return DockerActions.problems(tls);
  }
}

package dev.medic.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.medic.config.ConfigLoader;
import dev.medic.runtime.Plugins;
import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.Bindings;
import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import dev.medic.support.DockerEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DockerEngine.class)
class DockerActionsTest {

  private final TestContainers containers = new TestContainers();

  @AfterEach
  void cleanUp() {
    containers.close();
  }

  private static ActionContext on(String target) {
    return new ActionContext(Incident.open(target, "container_exited", Severity.WARNING, "down", Instant.now()).withId(7),
        Bindings.none());
  }

  private static String state(String name) {
    return DockerEngine.docker("inspect", "-f", "{{.State.Status}}", name);
  }

  private static void awaitState(String name, String status) {
    await().atMost(Duration.ofSeconds(10)).until(() -> state(name).equals(status));
  }

  @Test
  void restartBringsAStoppedContainerBackAndSaysItsStateAfter() throws Exception {
    String name = containers.run("restart", List.of(), "sleep", "300");
    DockerEngine.docker("kill", name);
    awaitState(name, "exited");
    DockerRestartAction restart = new DockerRestartAction("{target}", DockerEngine.host(), null, Duration.ofSeconds(1), null);

    assertThat(restart.describe(on(name))).isEqualTo("docker_restart " + name);
    ActionOutcome plan = restart.plan(on(name));
    assertThat(plan.detail()).startsWith("would restart " + name + " (now exited, exit code 137, restart count 0");
    assertThat(state(name)).as("a plan touches nothing").isEqualTo("exited");

    ActionOutcome r = restart.run(on(name));
    assertThat(r.result()).isEqualTo(ActionOutcome.Result.OK);
    assertThat(r.detail()).matches("restarted " + name + ": running, restart count 0, started \\d\\d:\\d\\d:\\d\\d");
    assertThat(state(name)).isEqualTo("running");
    assertThat(restart.restartsTarget()).isTrue();
    assertThat(restart.needsSupervisedProcess()).isFalse();
  }

  @Test
  void startLeavesARunningContainerAloneAndStartsAStoppedOne() throws Exception {
    String name = containers.run("start", List.of(), "sleep", "300");
    DockerStartAction start = new DockerStartAction(name, DockerEngine.host(), null, null);
    assertThat(start.run(on(name)).result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    DockerEngine.docker("stop", "-t", "0", name);
    ActionOutcome r = start.run(on(name));
    assertThat(r.result()).isEqualTo(ActionOutcome.Result.OK);
    assertThat(r.detail()).startsWith("started " + name + ": running, restart count 0, started ");
    assertThat(start.restartsTarget()).isFalse();
  }

  @Test
  void stopStopsARunningContainerAndHasNoEffectOnAStoppedOne() throws Exception {
    String name = containers.run("stop", List.of(), "sleep", "300");
    DockerStopAction stop = new DockerStopAction(name, DockerEngine.host(), null, Duration.ZERO, null);
    assertThat(stop.plan(on(name)).detail()).startsWith("would stop " + name + " (now running");
    ActionOutcome r = stop.run(on(name));
    assertThat(r.result()).isEqualTo(ActionOutcome.Result.OK);
    assertThat(r.detail()).startsWith("stopped " + name + ": exited, exit code 137");
    assertThat(stop.run(on(name)).result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
  }

  @Test
  void killSendsTheSignalAndSaysWhatBecameOfTheContainer() throws Exception {
    String name = containers.run("kill", List.of(), "sleep", "300");
    DockerKillAction kill = new DockerKillAction(name, null, DockerEngine.host(), null, null);
    assertThat(kill.describe(on(name))).isEqualTo("docker_kill " + name + " with KILL");
    ActionOutcome r = kill.run(on(name));
    assertThat(r.result()).isEqualTo(ActionOutcome.Result.OK);
    assertThat(r.detail()).startsWith("sent KILL to " + name + ": ");
    awaitState(name, "exited");
    assertThat(kill.run(on(name)).result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    assertThat(kill.restartsTarget()).isTrue();
  }

  @Test
  void actionOnAContainerThatDoesNotExistFailsNamingItAndTheEngine() throws Exception {
    String name = DockerEngine.uniqueName("absent");
    ActionOutcome r = new DockerRestartAction(name, DockerEngine.host(), null, null, null).run(on(name));
    assertThat(r.result()).isEqualTo(ActionOutcome.Result.FAILED);
    assertThat(r.detail()).isEqualTo("no container " + name + " on " + DockerEngine.host());
  }

  @Test
  void rebuildRunsItsCommandsThenReadsTheContainerBack() throws Exception {
    String name = containers.run("rebuild", List.of(), "sleep", "300");
    DockerEngine.docker("stop", "-t", "0", name);
    // Stands in for 'docker compose build' then 'up -d': the same CLI, no shell, {target} filled in.
    DockerRebuildAction rebuild = new DockerRebuildAction(List.of("/bin/echo", "building", "{target}"),
        List.of(cliPath(), "--host", DockerEngine.host(), "start", "{target}"), "{target}", DockerEngine.host(), null,
        Duration.ofSeconds(30));
    assertThat(rebuild.destructive()).isTrue();
    assertThat(rebuild.restartsTarget()).isTrue();
    assertThat(rebuild.plan(on(name)).detail()).startsWith("would run /bin/echo building " + name + " then ")
        .contains("(now exited");
    ActionOutcome r = rebuild.run(on(name));
    assertThat(r.result()).as(r.detail()).isEqualTo(ActionOutcome.Result.OK);
    assertThat(r.detail()).startsWith("rebuilt " + name + " (/bin/echo exit 0, " + cliPath() + " exit 0): running, restart count 0");

    ActionOutcome failing = new DockerRebuildAction(List.of("/bin/sh", "-c", "echo no space left on device; exit 1"),
        List.of("/bin/true"), name, DockerEngine.host(), null, null).run(on(name));
    assertThat(failing.result()).isEqualTo(ActionOutcome.Result.FAILED);
    assertThat(failing.detail()).contains("exit 1: no space left on device");
  }

  private static String cliPath() {
    return java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker";
  }

  @Test
  void actionsRefuseAMissingContainerAndABadSignal() {
    assertThatThrownBy(() -> new DockerRestartAction(null, null, null, null, null))
        .hasMessageContaining("container is required");
    assertThatThrownBy(() -> new DockerKillAction("web", "kill -9; rm", null, null, null))
        .hasMessageContaining("signal must be a signal name").hasMessageContaining("kill -9; rm");
    assertThatThrownBy(() -> new DockerRebuildAction(List.of(), null, "web", null, null, null))
        .hasMessageContaining("command must be a non-empty argv list");
  }

  @Test
  void validateAcceptsTheDocumentedExample() throws Exception {
    String doc = java.nio.file.Files.readString(java.nio.file.Path.of("docs/checks/docker.md"));
    int start = doc.indexOf("```yaml\n# medic.yaml");
    assertThat(start).as("docs/checks/docker.md has a complete example").isNotNegative();
    String yaml = doc.substring(doc.indexOf('\n', start) + 1, doc.indexOf("```", start + 7));
    var config = new ConfigLoader(Plugins.registry()).parse("medic.yaml", yaml);
    assertThat(config.targets()).extracting(t -> t.name()).contains("spartan-web", "spartan-data-preloader");
  }
}

package dev.medic.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.Bindings;
import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill_process on real processes. Each test runs copies of {@code sleep} under names of its own,
 * so that no other process on the machine can ever match.
 */
class KillProcessActionTest {

  @TempDir Path dir;
  final ActionContext ctx = new ActionContext(
      Incident.open("host", "cpu_high", Severity.WARNING, "msg", Instant.now()).withId(1), Bindings.none());
  final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopLeftovers() {
    started.forEach(Process::destroyForcibly);
  }

  /** A unique process name, short enough to be the whole of /proc/PID/comm (15 characters). */
  static String uniqueName() {
    return "mk" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  }

  /** Runs a copy of sleep named {@code name} with these arguments, as a shell that may set up traps first. */
  Process sleeper(String name, String shellPrefix, String seconds) throws Exception {
    Path program = dir.resolve(name);
    if (!Files.exists(program)) {
      Files.copy(Path.of("/bin/sleep"), program);
    }
    Process p = new ProcessBuilder("/bin/sh", "-c", shellPrefix + "exec " + program + " " + seconds).start();
    started.add(p);
    // Ready once the shell has become the named program (its traps, if any, already in place).
    await().atMost(Duration.ofSeconds(10))
        .until(() -> Files.readString(Path.of("/proc/" + p.pid() + "/comm")).strip().equals(name));
    return p;
  }

  @Test
  void processThatExitsOnTermIsNotKilled() throws Exception {
    String name = uniqueName();
    Process p = sleeper(name, "", "1000");

    ActionOutcome outcome = new KillProcessAction(List.of(name), null, Duration.ofSeconds(10), null).run(ctx);

    assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.OK);
    assertThat(outcome.detail()).matches("pid " + p.pid() + " " + name + ": exited after TERM in \\d\\.\\d s");
    assertThat(p.waitFor()).isEqualTo(128 + 15); // SIGTERM, as reported for a child killed by a signal
  }

  @Test
  void processIgnoringTermIsKilledAfterTheGrace() throws Exception {
    String name = uniqueName();
    Process p = sleeper(name, "trap '' TERM; ", "1000"); // an ignored signal stays ignored across exec

    long start = System.nanoTime();
    ActionOutcome outcome = new KillProcessAction(List.of(name), null, Duration.ofMillis(800), null).run(ctx);
    long tookMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.OK);
    assertThat(outcome.detail()).isEqualTo("pid " + p.pid() + " " + name + ": KILLed after 0.8 s");
    assertThat(p.waitFor()).isEqualTo(128 + 9);
    assertThat(tookMillis).isBetween(800L, 5000L);
  }

  @Test
  void processNotInTheNamesIsLeftRunning() throws Exception {
    String victim = uniqueName();
    String bystander = uniqueName();
    Process v = sleeper(victim, "", "1000");
    Process b = sleeper(bystander, "", "1000");

    ActionOutcome outcome = new KillProcessAction(List.of(victim), null, Duration.ofSeconds(5), null).run(ctx);

    assertThat(outcome.detail()).startsWith("pid " + v.pid() + " " + victim + ": exited after TERM");
    assertThat(v.waitFor()).isEqualTo(143);
    assertThat(b.isAlive()).isTrue();
  }

  @Test
  void matchPicksAmongProcessesOfAnAllowedName() throws Exception {
    String name = uniqueName();
    Process keep = sleeper(name, "", "1000");
    Process end = sleeper(name, "", "2000");

    KillProcessAction action = new KillProcessAction(List.of(name), " 2000$", Duration.ofSeconds(5), null);
    assertThat(action.plan(ctx).detail()).isEqualTo("would TERM (then KILL after 5s) 1 process: pid " + end.pid()
        + " " + name + " (" + dir.resolve(name) + " 2000)");

    ActionOutcome outcome = action.run(ctx);

    assertThat(outcome.detail()).startsWith("pid " + end.pid() + " ");
    assertThat(end.waitFor()).isEqualTo(143);
    assertThat(keep.isAlive()).isTrue();
  }

  @Test
  void nameMatchesTheBaseNameOfArgvZeroAsWell() throws Exception {
    String alias = uniqueName();
    Process p = new ProcessBuilder("bash", "-c", "exec -a /opt/tools/" + alias + " sleep 1000").start();
    started.add(p);
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(Path.of("/proc/" + p.pid() + "/cmdline"))
        .startsWith("/opt/tools/" + alias));

    ActionOutcome outcome = new KillProcessAction(List.of(alias), null, Duration.ofSeconds(5), null).run(ctx);

    assertThat(outcome.detail()).startsWith("pid " + p.pid() + " " + alias + ": exited after TERM");
    assertThat(p.waitFor()).isEqualTo(143);
  }

  @Test
  void zombieIsReportedNotSignalled() throws Exception {
    String name = uniqueName();
    Path program = Files.copy(Path.of("/bin/sleep"), dir.resolve(name));
    // The child exits at once; its parent becomes a sleep that never reaps it: a zombie named `name`.
    Process parent = new ProcessBuilder("/bin/sh", "-c", program + " 0 & exec sleep 1000").start();
    started.add(parent);
    await().atMost(Duration.ofSeconds(10)).until(() ->
        Processes.matching(java.util.Set.of(name), null).stream().anyMatch(Processes.Candidate::zombie));
    long zombie = Processes.matching(java.util.Set.of(name), null).getFirst().pid();

    ActionOutcome outcome = new KillProcessAction(List.of(name), null, Duration.ofSeconds(1), null).run(ctx);

    assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    assertThat(outcome.detail())
        .isEqualTo("pid " + zombie + " " + name + ": already exited (a zombie: only its parent can reap it), left alone");
    assertThat(parent.isAlive()).isTrue();
  }

  @Test
  void noMatchingProcessIsNoEffect() throws Exception {
    String name = uniqueName();
    KillProcessAction action = new KillProcessAction(List.of(name), null, null, null);

    assertThat(action.plan(ctx).result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    ActionOutcome outcome = action.run(ctx);
    assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    assertThat(outcome.detail()).isEqualTo("no process named " + name + ": nothing signalled");
    assertThat(new KillProcessAction(List.of(name, "other"), "-i /srv/", null, null).run(ctx).detail())
        .isEqualTo("no process named " + name + ", other matching '-i /srv/': nothing signalled");
  }

  @Test
  void neverSelectsMedicItselfItsParentOrInit() throws Exception {
    ProcessHandle self = ProcessHandle.current();
    ProcessHandle parent = self.parent().orElseThrow();
    String selfName = Files.readString(Path.of("/proc/self/comm")).strip();
    String parentName = Files.readString(Path.of("/proc/" + parent.pid() + "/comm")).strip();
    String initName = Files.readString(Path.of("/proc/1/comm")).strip();

    // Only a plan: with these names a broken guard must show up in the list, never be acted on.
    ActionOutcome plan = new KillProcessAction(List.of(selfName, parentName, initName), null, null, null).plan(ctx);

    assertThat(plan.detail()).doesNotContain("pid " + self.pid() + " ").doesNotContain("pid " + parent.pid() + " ")
        .doesNotContain("pid 1 ");
    assertThat(Processes.protectedPids()).contains(1L, self.pid(), parent.pid());
  }

  @Test
  void theDefaultTimeoutCoversTheGraceAndTheWaitAfterKill() {
    KillProcessAction action = new KillProcessAction(List.of("ffmpeg"), null, Duration.ofSeconds(40), null);
    assertThat(action.effectiveTimeout()).isEqualTo(Duration.ofSeconds(50));
    assertThat(new KillProcessAction(List.of("ffmpeg"), null, null, null).grace()).isEqualTo(Duration.ofSeconds(10));
  }
}

package dev.medic.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.Bindings;
import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import dev.medic.spi.SpecProblem;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** systemctl_restart's argv and exit-code handling, against a recording stand-in for systemctl. */
class SystemctlRestartActionTest {

  @TempDir Path dir;
  final ActionContext ctx = new ActionContext(
      Incident.open("web", "http_down", Severity.CRITICAL, "msg", Instant.now()).withId(1), Bindings.none());

  @Test
  void restartsTheUnitAndWaitsForTheJob() throws Exception {
    FakeProgram systemctl = FakeProgram.write(dir, "systemctl", "exit 0");
    var action = new SystemctlRestartAction("nginx.service", null, systemctl.program.toString(), null);

    ActionOutcome outcome = action.run(ctx);

    assertThat(systemctl.invocations()).containsExactly("restart|nginx.service|");
    assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.OK);
    assertThat(outcome.detail()).isEqualTo("exit 0");
    assertThat(action.describe(ctx)).isEqualTo(systemctl.program + " restart nginx.service");
    assertThat(action.plan(ctx).detail()).isEqualTo("would run " + systemctl.program + " restart nginx.service");
    assertThat(action.restartsTarget()).isTrue();
    assertThat(action.destructive()).isFalse();
  }

  @Test
  void userUnitsGoThroughTheUsersManager() throws Exception {
    FakeProgram systemctl = FakeProgram.write(dir, "systemctl", "exit 0");
    new SystemctlRestartAction("worker@2", true, systemctl.program.toString(), null).run(ctx);
    assertThat(systemctl.invocations()).containsExactly("--user|restart|worker@2|");
  }

  @Test
  void failedJobIsFailedWithTheOutputAndTheUnitsState() throws Exception {
    FakeProgram systemctl = FakeProgram.write(dir, "systemctl", """
        case "$*" in
          *is-failed*) echo failed; exit 0 ;;
        esac
        echo 'Job for nginx.service failed because the control process exited with error code.' >&2
        echo 'See "systemctl status nginx.service" and "journalctl -xeu nginx.service" for details.' >&2
        exit 1""");

    ActionOutcome outcome = new SystemctlRestartAction("nginx.service", null, systemctl.program.toString(), null).run(ctx);

    assertThat(systemctl.invocations()).containsExactly("restart|nginx.service|", "is-failed|nginx.service|");
    assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.FAILED);
    assertThat(outcome.detail()).isEqualTo("exit 1 (the restart job failed): "
        + "Job for nginx.service failed because the control process exited with error code.; "
        + "See \"systemctl status nginx.service\" and \"journalctl -xeu nginx.service\" for details.; "
        + "is-failed: failed; see systemctl status nginx.service and journalctl -u nginx.service");
  }

  @Test
  void unknownUnitSaysSo() throws Exception {
    FakeProgram systemctl = FakeProgram.write(dir, "systemctl", """
        case "$*" in *is-failed*) echo inactive; exit 1 ;; esac
        echo 'Failed to restart nope.service: Unit nope.service not found.' >&2; exit 5""");

    ActionOutcome outcome = new SystemctlRestartAction("nope", true, systemctl.program.toString(), null).run(ctx);

    assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.FAILED);
    assertThat(outcome.detail()).startsWith("exit 5 (no such unit): "
        + "Failed to restart nope.service: Unit nope.service not found.; is-failed: inactive; "
        + "see systemctl --user status nope");
  }

  @Test
  void restartThatHangsIsStoppedAtTheTimeout() throws Exception {
    FakeProgram systemctl = FakeProgram.write(dir, "systemctl", """
        case "$*" in *is-failed*) echo activating; exit 1 ;; esac
        exec sleep 30""");
    long start = System.nanoTime();

    ActionOutcome outcome = new SystemctlRestartAction("slow.service", null, systemctl.program.toString(),
        Duration.ofMillis(500)).run(ctx);

    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
    assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.FAILED);
    assertThat(outcome.detail()).startsWith("did not finish within 500ms"
        + " and was stopped (the restart job may still be running in systemd); is-failed: activating");
  }

  @Test
  void missingProgramIsAConfigProblemAndAFailedRun() throws Exception {
    var action = new SystemctlRestartAction("nginx", null, dir.resolve("nowhere/systemctl").toString(), null);
    assertThat(action.problems()).extracting(SpecProblem::field).containsExactly("program");
    assertThat(action.run(ctx).detail()).contains("exit 127 (systemctl could not be started): cannot start");
    assertThat(new SystemctlRestartAction("nginx", null, "sh", null).problems()).isEmpty();
    assertThat(new SystemctlRestartAction("nginx", null, "no-such-program-medic", null).problems())
        .singleElement().satisfies(p -> assertThat(p.message()).startsWith("'no-such-program-medic' is not on medic's PATH"));
  }

  @Test
  void unitNamesThatCouldBeOptionsOrSeveralWordsAreRefused() {
    assertThatThrownBy(() -> new SystemctlRestartAction("--force", null, null, null))
        .hasMessage("unit '--force' is not a valid name (expected something like nginx.service)");
    assertThatThrownBy(() -> new SystemctlRestartAction("nginx service", null, null, null))
        .hasMessageStartingWith("unit 'nginx service' is not a valid name");
    assertThatThrownBy(() -> new SystemctlRestartAction(null, null, null, null))
        .hasMessage("unit is required, like nginx.service");
    assertThat(new SystemctlRestartAction("getty@tty1.service", null, null, null).argv())
        .containsExactly("systemctl", "restart", "getty@tty1.service");
  }
}

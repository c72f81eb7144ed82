package dev.medic.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.Bindings;
import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** supervisorctl_restart against a real supervisord (Debian's supervisor package) of the test's own. */
class SupervisorctlRestartActionTest {

  // One supervisord for the class (each start and stop costs seconds); every test leaves its worker running.
  @TempDir static Path dir;
  static Supervisord supervisord;
  final ActionContext ctx = new ActionContext(
      Incident.open("worker", "command_failed", Severity.WARNING, "msg", Instant.now()).withId(1), Bindings.none());

  @BeforeAll
  static void start() throws Exception {
    supervisord = Supervisord.start(dir);
  }

  @AfterAll
  static void stop() throws Exception {
    if (supervisord != null) {
      supervisord.close();
    }
  }

  SupervisorctlRestartAction restart(String name) {
    return new SupervisorctlRestartAction(name, supervisord.config.toString(), null, null, null);
  }

  @Test
  void restartGivesTheWorkerANewPid() throws Exception {
    long before = supervisord.workerPid();

    ActionOutcome outcome = restart("worker").run(ctx);

    assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.OK);
    assertThat(outcome.detail()).isEqualTo("exit 0: worker: stopped; worker: started");
    assertThat(supervisord.workerPid()).isNotEqualTo(before);
  }

  @Test
  void restartOfAStoppedWorkerStartsIt() throws Exception {
    supervisord.ctl("stop", "worker");
    assertThat(supervisord.ctl("status", "worker")).contains("STOPPED");

    ActionOutcome outcome = restart("worker").run(ctx);

    assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.OK);
    assertThat(outcome.detail()).isEqualTo("exit 0: worker: ERROR (not running); worker: started");
    assertThat(supervisord.ctl("status", "worker")).contains("RUNNING");
  }

  @Test
  void restartOfAnUnknownNameIsFailed() throws Exception {
    ActionOutcome outcome = restart("nosuch").run(ctx);

    assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.FAILED);
    assertThat(outcome.detail()).isEqualTo("nosuch: no such process (no program or group of that name in"
        + " supervisord's config); exit 1: nosuch: ERROR (no such process); nosuch: ERROR (no such process)");
  }

  @Test
  void programThatDiesWhileStartingIsFailed() throws Exception {
    ActionOutcome outcome = restart("dies").run(ctx);

    assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.FAILED);
    assertThat(outcome.detail()).isEqualTo("dies: spawn error (the program exited before startsecs or could not"
        + " start; see its log); exit 7: dies: ERROR (not running); dies: ERROR (spawn error)");
  }

  @Test
  void programStoppedWhileItStartsIsFailed() throws Exception {
    var outcome = new java.util.concurrent.CompletableFuture<ActionOutcome>();
    Thread.ofVirtual().start(() -> {
      try {
        outcome.complete(restart("slow").run(ctx));
      } catch (Throwable e) {
        outcome.completeExceptionally(e);
      }
    });
    // The restart waits up to startsecs (30 s) for RUNNING; stopping it meanwhile aborts the start.
    await().atMost(Duration.ofSeconds(10)).until(() -> supervisord.ctl("status", "slow").contains("STARTING"));
    supervisord.ctl("stop", "slow");

    ActionOutcome result = outcome.get(20, TimeUnit.SECONDS);
    assertThat(result.result()).isEqualTo(ActionOutcome.Result.FAILED);
    assertThat(result.detail()).isEqualTo("slow: abnormal termination (the program stopped while starting); exit 7: "
        + "slow: ERROR (not running); slow: ERROR (abnormal termination)");
  }

  @Test
  void restartWhileSupervisordIsDownIsFailedSayingSo(@TempDir Path own) throws Exception {
    Supervisord down = Supervisord.start(own);
    down.stop();

    ActionOutcome outcome = new SupervisorctlRestartAction("worker", down.config.toString(), null, null, null).run(ctx);

    assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.FAILED);
    assertThat(outcome.detail()).isEqualTo("supervisord is not reachable: unix://" + down.socket
        + " no such file; exit 7: unix://" + down.socket + " no such file");
  }

  @Test
  void serverUrlOverridesTheConfigsServer() throws Exception {
    var action = new SupervisorctlRestartAction("worker", null, "unix://" + supervisord.socket, null, null);
    assertThat(action.argv()).containsExactly("supervisorctl", "-s", "unix://" + supervisord.socket, "restart", "worker");
    long before = supervisord.workerPid();

    assertThat(action.run(ctx).result()).isEqualTo(ActionOutcome.Result.OK);
    assertThat(supervisord.workerPid()).isNotEqualTo(before);
    assertThat(action.restartsTarget()).isTrue();
  }
}

package dev.medic.process;

import dev.medic.config.ProcessSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a reload asks of the supervisor: forget a removed target, restart a changed one. */
class SupervisorTest {

  @TempDir Path dir;

  private final List<SupervisedProcess.Exit> exits = new CopyOnWriteArrayList<>();
  private Supervisor supervisor;

  private Supervisor supervisor() {
    supervisor = new Supervisor(Clock.systemUTC(), exits::add, ChildLedger.at(dir.resolve("medic.db.children")));
    return supervisor;
  }

  @AfterEach
  void close() {
    if (supervisor != null) {
      supervisor.close();
    }
  }

  private static ProcessSpec spec(String... command) {
    return new ProcessSpec(List.of(command), null, null, null, null);
  }

  @Test
  void stopEndsAProcessThatIgnoresSigtermAfterTheGraceAndForgetsTheTarget() throws Exception {
    Supervisor s = supervisor();
    // An ignored SIGTERM stays ignored across exec: only SIGKILL ends this one.
    SupervisedProcess p = s.supervise("worker", spec("/bin/sh", "-c", "trap '' TERM; exec sleep 1005.5"));
    ProcessHandle handle = ProcessHandle.of(p.pid()).orElseThrow();
    assertThat(ChildLedger.at(dir.resolve("medic.db.children")).stillRunning()).extracting(ChildLedger.Child::target)
        .containsExactly("worker");

    assertThat(s.targets()).containsExactly("worker");
    assertThat(s.stop("worker", Duration.ofMillis(300))).isTrue();

    assertThat(ProcessTable.running(handle)).isFalse();
    assertThat(s.find("worker")).isEmpty();
    assertThat(s.targets()).isEmpty();
    assertThat(ChildLedger.at(dir.resolve("medic.db.children")).stillRunning()).isEmpty();
    assertThat(exits).as("medic stopped it: not a failure to report").isEmpty();
    assertThat(s.stop("worker", Duration.ofMillis(300))).isFalse();
  }

  @Test
  void replaceLeavesAnUnchangedTargetRunningAndRestartsAChangedOneWithTheNewCommand() throws Exception {
    Supervisor s = supervisor();
    long first = s.supervise("api", spec("/bin/sleep", "1006.5")).pid();

    assertThat(s.runsWith("api", spec("/bin/sleep", "1006.5"))).isTrue();
    assertThat(s.replace("api", spec("/bin/sleep", "1006.5")).pid()).isEqualTo(first);

    assertThat(s.runsWith("api", spec("/bin/sleep", "1007.5"))).isFalse();
    SupervisedProcess replaced = s.replace("api", spec("/bin/sleep", "1007.5"));

    assertThat(replaced.pid()).isNotEqualTo(first);
    assertThat(ProcessTable.running(first)).isFalse();
    assertThat(ProcessTable.commandLine(ProcessHandle.of(replaced.pid()).orElseThrow())).contains("/bin/sleep 1007.5");
    assertThat(s.find("api")).containsSame(replaced);
    assertThat(s.runsWith("api", spec("/bin/sleep", "1007.5"))).isTrue();
    assertThat(ChildLedger.at(dir.resolve("medic.db.children")).stillRunning())
        .extracting(ChildLedger.Child::pid).containsExactly(replaced.pid());
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(exits::isEmpty);
  }

  @Test
  void replaceStartsATargetThatHadNoProcess() throws Exception {
    Supervisor s = supervisor();

    SupervisedProcess p = s.replace("new-target", spec("/bin/sleep", "1008.5"));

    assertThat(p.alive()).isTrue();
    assertThat(s.find("new-target")).containsSame(p);
  }
}

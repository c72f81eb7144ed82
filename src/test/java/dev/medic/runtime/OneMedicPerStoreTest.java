package dev.medic.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.support.MedicProcess;
import dev.medic.support.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second medic on a store that a running medic holds refuses to start and touches nothing. */
class OneMedicPerStoreTest {

  @TempDir Path dir;

  @Test
  void secondMedicOnTheSameStoreRefusesAtOnceNamingTheStoreAndThePidAndLeavesTheFirstOnesProcessesAlone()
      throws Exception {
    Path pidfile = dir.resolve("worker.pid");
    String yaml = """
        agent: { interval: 200ms, api: "127.0.0.1:%d", store: "sqlite:%s" }
        targets:
          - name: worker
            process: { command: ["/bin/sh", "-c", "echo $$ > %s; exec sleep 600"] }
            checks: [{ type: process }]
        """.formatted(TestServices.freePort(), dir.resolve("medic.db"), pidfile);
    Path config = dir.resolve("medic.yaml");
    Files.writeString(config, yaml);
    Process first = MedicProcess.run(config, dir.resolve("first.log"));
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(pidfile)
          && !Files.readString(pidfile).isBlank() && Files.readString(dir.resolve("first.log")).contains("medic watching"));
      long worker = Long.parseLong(Files.readString(pidfile).strip());

      // Same store, another API port: only the store is shared.
      Path second = dir.resolve("second.yaml");
      Files.writeString(second, yaml.replaceFirst("127\\.0\\.0\\.1:\\d+", "127.0.0.1:" + TestServices.freePort()));
      Process other = MedicProcess.run(second, dir.resolve("second.log"));
      assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(other.exitValue()).isEqualTo(1);
      assertThat(Files.readString(dir.resolve("second.log")))
          .contains(dir.resolve("medic.db").toString())
          .contains(Long.toString(first.pid()));

      assertThat(ProcessHandle.of(worker).map(ProcessHandle::isAlive).orElse(false)).isTrue();
      assertThat(first.isAlive()).isTrue();
    } finally {
      first.destroy();
      first.waitFor(20, TimeUnit.SECONDS);
      first.destroyForcibly();
    }
  }
}

package dev.medic.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.medic.spi.ProbeResult;
import dev.medic.spi.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nvidia-smi's argv and output, and what the host check does without it. */
class GpusTest {

  @TempDir Path dir;

  /** Recorded from a two-GPU host; the second card reports no utilization. */
  private static final String TWO_GPUS = """
      0, NVIDIA A10, 18500, 23028, 87
      1, NVIDIA GeForce RTX 3090, 1024, 24576, [N/A]
      """;

  @Test
  void queriesIndexNameMemoryAndUtilizationAsCsvWithoutHeaderOrUnits() {
    assertThat(Gpus.argv(Path.of("/usr/bin/nvidia-smi"))).containsExactly(
        "/usr/bin/nvidia-smi",
        "--query-gpu=index,name,memory.used,memory.total,utilization.gpu",
        "--format=csv,noheader,nounits");
  }

  @Test
  void parsesEachGpuAndReportsTheBusiestAsTheHostsGpuMetrics() {
    Gpus.Reading reading = Gpus.parse(TWO_GPUS);
    assertThat(reading.failed()).isFalse();
    assertThat(reading.gpus()).extracting(Gpus.Gpu::name).containsExactly("NVIDIA A10", "NVIDIA GeForce RTX 3090");

    Map<String, Double> metrics = new LinkedHashMap<>();
    List<String> summary = HostProbe.gpuMetrics(reading.gpus(), metrics);

    assertThat(metrics.get("gpu_memory_pct_0")).isCloseTo(80.34, within(0.01));
    assertThat(metrics.get("gpu_memory_pct_1")).isCloseTo(4.17, within(0.01));
    assertThat(metrics).containsEntry("gpu_util_pct_0", 87.0).doesNotContainKey("gpu_util_pct_1");
    assertThat(metrics.get("gpu_memory_pct")).isEqualTo(metrics.get("gpu_memory_pct_0"));
    assertThat(metrics).containsEntry("gpu_util_pct", 87.0).containsEntry("gpus", 2.0);
    assertThat(summary).containsExactly("gpu0 NVIDIA A10 memory 80% util 87%", "gpu1 NVIDIA GeForce RTX 3090 memory 4.2%");
  }

  @Test
  void aNameWithACommaIsKeptWholeAndGarbageIsAFailedReading() {
    assertThat(Gpus.parse("0, Tesla, rev 2, 10, 100, 5\n").gpus().getFirst().name()).isEqualTo("Tesla, rev 2");
    assertThat(Gpus.parse("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver\n").failed()).isTrue();
  }

  @Test
  void autoWithoutNvidiaSmiSaysSoAndReportsNoGpuMetrics() throws Exception {
    HostCheck check = new HostCheck(null, null);
    ProbeResult r = new HostProbe(check, Path.of("/proc"), dir.toString()).run(Duration.ofSeconds(5));

    assertThat(r.status()).as(r.message()).isEqualTo(Status.UP);
    assertThat(r.message()).endsWith("no GPU (nvidia-smi not found)");
    assertThat(r.metrics().keySet()).noneMatch(k -> k.startsWith("gpu"));
  }

  @Test
  void requiredWithoutNvidiaSmiIsDownWithGpuUnavailable() throws Exception {
    HostCheck check = check(GpuMode.REQUIRED);
    ProbeResult r = new HostProbe(check, Path.of("/proc"), dir.toString()).run(Duration.ofSeconds(5));

    assertThat(r.status()).isEqualTo(Status.DOWN);
    assertThat(r.condition()).isEqualTo("gpu_unavailable");
    assertThat(r.message()).startsWith("gpu: required, but nvidia-smi is not on the PATH (cpu ");
    assertThat(r.metrics()).containsKey("memory_pct"); // the rest of the host is still read
  }

  @Test
  void offNeverLooksForNvidiaSmi() throws Exception {
    ProbeResult r = new HostProbe(check(GpuMode.OFF), Path.of("/proc"), dir.toString()).run(Duration.ofSeconds(5));
    assertThat(r.status()).isEqualTo(Status.UP);
    assertThat(r.message()).doesNotContain("GPU");
  }

  @Test
  void realNvidiaSmiProgramIsRunWithTheQueryAndItsAnswerRead() throws Exception {
    // A stand-in program on the PATH that answers as the driver's tool does, and records its argv.
    Path argvFile = dir.resolve("argv");
    Path smi = dir.resolve("nvidia-smi");
    Files.writeString(smi, "#!/bin/sh\necho \"$@\" > '" + argvFile + "'\nprintf '0, NVIDIA A10, 22000, 23028, 99\\n'\n");
    Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));

    ProbeResult r = new HostProbe(check(GpuMode.REQUIRED), Path.of("/proc"), "/nonexistent:" + dir).run(Duration.ofSeconds(5));

    assertThat(r.status()).as(r.message()).isEqualTo(Status.UP);
    assertThat(r.metrics().get("gpu_memory_pct_0")).isCloseTo(95.53, within(0.01));
    assertThat(r.metrics()).containsEntry("gpu_util_pct_0", 99.0);
    assertThat(Files.readString(argvFile).strip())
        .isEqualTo("--query-gpu=index,name,memory.used,memory.total,utilization.gpu --format=csv,noheader,nounits");
  }

  @Test
  void failingNvidiaSmiIsUnavailableWhenRequiredAndOnlyNotedOnAuto() throws Exception {
    Path smi = dir.resolve("nvidia-smi");
    Files.writeString(smi, "#!/bin/sh\necho \"NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\"\nexit 9\n");
    Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));

    ProbeResult required = new HostProbe(check(GpuMode.REQUIRED), Path.of("/proc"), dir.toString()).run(Duration.ofSeconds(5));
    ProbeResult auto = new HostProbe(check(GpuMode.AUTO), Path.of("/proc"), dir.toString()).run(Duration.ofSeconds(5));

    assertThat(required.condition()).isEqualTo("gpu_unavailable");
    assertThat(required.message()).startsWith("nvidia-smi exited with 9: NVIDIA-SMI has failed because");
    assertThat(auto.status()).isEqualTo(Status.UP);
    assertThat(auto.message()).contains("no GPU (nvidia-smi exited with 9: NVIDIA-SMI has failed");
  }

  /** A wedged driver: nvidia-smi in an uninterruptible sleep no signal ends. Another one is not started. */
  @Test
  void aPreviousNvidiaSmiStillRunningIsNotJoinedByAnother() throws Exception {
    Path ran = dir.resolve("ran");
    Path smi = dir.resolve("nvidia-smi");
    Files.writeString(smi, "#!/bin/sh\ntouch '" + ran + "'\nprintf '0, NVIDIA A10, 22000, 23028, 99\\n'\nsleep 30\n");
    Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
    Process wedged = new ProcessBuilder(smi.toString()).start();
    try {
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(ran));
      Files.delete(ran);

      Gpus.Reading reading = Gpus.query(smi, Duration.ofSeconds(2));

      assertThat(reading.problem()).contains("the nvidia-smi started before still runs");
      assertThat(ran).doesNotExist();
    } finally {
      wedged.descendants().forEach(ProcessHandle::destroyForcibly);
      wedged.destroyForcibly().waitFor();
    }
    assertThat(Gpus.stillRunning(smi)).isFalse();
  }

  private static HostCheck check(GpuMode gpu) {
    return new HostCheck(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, gpu, null, null);
  }
}

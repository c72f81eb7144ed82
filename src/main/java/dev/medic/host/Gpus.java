package dev.medic.host;

import dev.medic.spi.CommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** NVIDIA GPUs as {@code nvidia-smi} reports them: memory and utilization per GPU. */
final class Gpus {

  /**
   * One GPU. A value the driver does not report ({@code [N/A]}, {@code [Not Supported]}) is empty.
   *
   * @param memoryUsedMib memory in use, MiB
   * @param memoryTotalMib memory on the card, MiB
   * @param utilPct how busy its cores were over the driver's last sample period
   */
  record Gpu(int index, String name, OptionalDouble memoryUsedMib, OptionalDouble memoryTotalMib, OptionalDouble utilPct) {

    OptionalDouble memoryPct() {
      if (memoryUsedMib.isEmpty() || memoryTotalMib.isEmpty() || memoryTotalMib.getAsDouble() <= 0) {
        return OptionalDouble.empty();
      }
      return OptionalDouble.of(100.0 * memoryUsedMib.getAsDouble() / memoryTotalMib.getAsDouble());
    }
  }

  /** What one query gave: the GPUs, or why there are none to read. */
  record Reading(List<Gpu> gpus, String problem) {
    static Reading of(List<Gpu> gpus) {
      return new Reading(List.copyOf(gpus), null);
    }

    static Reading failed(String problem) {
      return new Reading(List.of(), problem);
    }

    boolean failed() {
      return problem != null;
    }
  }

  static final String PROGRAM = "nvidia-smi";

  private Gpus() {}

  /** One line per GPU, values without units: {@code 0, NVIDIA A10, 18500, 23028, 87}. */
  static List<String> argv(Path nvidiaSmi) {
    return List.of(nvidiaSmi.toString(),
        "--query-gpu=index,name,memory.used,memory.total,utilization.gpu",
        "--format=csv,noheader,nounits");
  }

  /** The first {@code nvidia-smi} among the directories of {@code path} (a PATH value). */
  static Optional<Path> find(String path) {
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(":")) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, PROGRAM);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  static Reading query(Path nvidiaSmi, Duration timeout) throws InterruptedException {
    if (stillRunning(nvidiaSmi)) {
      // A wedged driver leaves nvidia-smi in an uninterruptible sleep that no signal ends: starting
      // one more at every run would pile them up.
      return Reading.failed("the nvidia-smi started before still runs (a wedged driver?): not starting another");
    }
    CommandRunner.Result r = CommandRunner.run(argv(nvidiaSmi), timeout);
    if (!r.started()) {
      return Reading.failed(r.output());
    }
    if (r.timedOut()) {
      return Reading.failed("nvidia-smi did not answer within " + timeout.toMillis() + "ms");
    }
    if (r.exitCode() != 0) {
      // "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver", "No devices were found"
      String first = r.output().strip().lines().findFirst().orElse("");
      return Reading.failed("nvidia-smi exited with " + r.exitCode() + (first.isEmpty() ? "" : ": " + first));
    }
    return parse(r.output());
  }

  /** Whether an nvidia-smi this medic started is still alive. */
  static boolean stillRunning(Path nvidiaSmi) {
    String started = nvidiaSmi.toString();
    return ProcessHandle.current().children()
        .anyMatch(p -> p.info().commandLine().map(line -> line.contains(started)).orElse(false));
  }

  /**
   * Parses the CSV lines. The name sits between the index and the three numbers, so a name with a
   * comma in it is rejoined.
   */
  static Reading parse(String csv) {
    List<Gpu> gpus = new ArrayList<>();
    for (String line : csv.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split(",");
      if (f.length < 5) {
        return Reading.failed("unexpected nvidia-smi line: " + line.strip());
      }
      int n = f.length;
      try {
        int index = Integer.parseInt(f[0].strip());
        String name = String.join(",", java.util.Arrays.copyOfRange(f, 1, n - 3)).strip();
        gpus.add(new Gpu(index, name, number(f[n - 3]), number(f[n - 2]), number(f[n - 1])));
      } catch (NumberFormatException e) {
        return Reading.failed("unexpected nvidia-smi line: " + line.strip());
      }
    }
    return Reading.of(gpus);
  }

  /** {@code [N/A]} and {@code [Not Supported]} are what the driver prints for values it lacks. */
  private static OptionalDouble number(String field) {
    String v = field.strip();
    if (v.startsWith("[")) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(Double.parseDouble(v));
  }
}

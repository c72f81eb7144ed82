package dev.medic.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

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
    Process smi;
    try {
      smi = new ProcessBuilder(argv(nvidiaSmi)).redirectErrorStream(true).start();
    } catch (IOException e) {
      return Reading.failed("cannot run " + nvidiaSmi + ": " + e.getMessage());
    }
    try {
      smi.getOutputStream().close();
      String out;
      // Read before waiting: a host with many GPUs could fill the pipe and stall nvidia-smi.
      try (InputStream in = smi.getInputStream()) {
        out = readWithin(in, smi, timeout);
      }
      if (out == null) {
        return Reading.failed("nvidia-smi did not answer within " + timeout.toMillis() + "ms");
      }
      if (smi.exitValue() != 0) {
        // "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver", "No devices were found"
        String first = out.strip().lines().findFirst().orElse("");
        return Reading.failed("nvidia-smi exited with " + smi.exitValue() + (first.isEmpty() ? "" : ": " + first));
      }
      return parse(out);
    } catch (IOException e) {
      return Reading.failed("cannot read nvidia-smi: " + e.getMessage());
    } finally {
      smi.destroyForcibly();
    }
  }

  /** The whole output once the process ended in time; null when it did not. */
  private static String readWithin(InputStream in, Process smi, Duration timeout)
      throws IOException, InterruptedException {
    byte[][] holder = new byte[1][];
    IOException[] failure = new IOException[1];
    Thread reader = Thread.ofVirtual().start(() -> {
      try {
        holder[0] = in.readAllBytes();
      } catch (IOException e) {
        failure[0] = e;
      }
    });
    if (!smi.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      smi.destroyForcibly();
      return null;
    }
    reader.join(Duration.ofSeconds(1));
    if (failure[0] != null) {
      throw failure[0];
    }
    return holder[0] == null ? "" : new String(holder[0], StandardCharsets.UTF_8);
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

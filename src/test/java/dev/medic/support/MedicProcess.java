package dev.medic.support;

import java.io.IOException;
import java.nio.file.Path;

/** medic as a separate JVM ({@code medic run -c FILE}), for tests that signal or kill it. */
public final class MedicProcess {

  private MedicProcess() {}

  /** Starts {@code medic run -c config} on this test's JDK and classpath; output goes to {@code log}. */
  public static Process run(Path config, Path log) throws IOException {
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
            "dev.medic.cli.Main", "run", "-c", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }
}

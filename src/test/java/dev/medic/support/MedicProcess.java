package dev.medic.support;

import java.io.IOException;
import java.nio.file.Path;

/** medic as a separate JVM ({@code medic run -c FILE}), for tests that signal or kill it. */
public final class MedicProcess {

  private MedicProcess() {}

  /** Starts {@code medic run -c config} on this test's JDK and classpath; output goes to {@code log}. */
  public static Process run(Path config, Path log) throws IOException {
    return run(config, log, java.util.Map.of());
  }

  /** As {@link #run(Path, Path)}, with these variables added to medic's environment. */
  public static Process run(Path config, Path log, java.util.Map<String, String> env) throws IOException {
    return command(log, env, "run", "-c", config.toString()).start();
  }

  /** Any {@code medic} subcommand as its own JVM, output to {@code log}. */
  public static ProcessBuilder command(Path log, java.util.Map<String, String> env, String... args) {
    java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "dev.medic.cli.Main"));
    argv.addAll(java.util.List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    return pb;
  }
}

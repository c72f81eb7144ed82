package dev.medic.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A process medic starts and supervises for a target.
 *
 * @param outputLines how many of its last output lines to keep for incidents
 * @param stopGrace how long a restart waits after SIGTERM before SIGKILL
 */
public record ProcessSpec(
    List<String> command, Path workdir, Map<String, String> env, Integer outputLines, Duration stopGrace) {

  public ProcessSpec {
    if (command == null || command.isEmpty()) {
      throw new IllegalArgumentException("process.command must be a non-empty list of arguments");
    }
    command = List.copyOf(command);
    env = env == null ? Map.of() : Map.copyOf(env);
    outputLines = outputLines == null ? 50 : outputLines;
    if (outputLines < 0) {
      throw new IllegalArgumentException("process.output_lines must be 0 or more, got " + outputLines);
    }
    stopGrace = stopGrace == null ? Duration.ofSeconds(5) : stopGrace;
  }
}

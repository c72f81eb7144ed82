package dev.medic.services;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code supervisorctl restart} printed, because its exit code alone does not say
 * whether the restart worked on every version: older supervisor releases exit 0 even after
 * {@code ERROR (spawn error)}. A restart is a stop then a start, one line per process each:
 *
 * <pre>
 * worker: stopped            worker: ERROR (not running)     (stop: both fine)
 * worker: started            worker: ERROR (spawn error)     (start: only "started" is fine)
 * </pre>
 *
 * Anything that names an ERROR other than "not running", a line from supervisorctl itself about
 * the server ({@code unix:///run/supervisor.sock no such file}, {@code error: <class ...>}), or
 * the absence of any "started" line is a failure.
 */
final class SupervisorctlOutput {

  private static final Pattern PROCESS_ERROR = Pattern.compile("^(\\S+): ERROR \\((.+)\\)$");
  private static final Pattern STARTED = Pattern.compile("^\\S+: started$");
  private static final Pattern SERVER_DOWN = Pattern.compile(
      "(no such file|refused connection|connection refused|SHUTDOWN_STATE|^error: |Permission denied)");

  private SupervisorctlOutput() {}

  /** Null when the restart worked, else why it did not, in words. */
  static String failure(int exitCode, String output) {
    List<String> lines = output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    for (String line : lines) {
      Matcher error = PROCESS_ERROR.matcher(line);
      if (error.matches()) {
        if (!error.group(2).equals("not running")) {
          return error.group(1) + ": " + error.group(2) + explain(error.group(2));
        }
      } else if (SERVER_DOWN.matcher(line).find()) {
        return "supervisord is not reachable: " + line;
      }
    }
    if (lines.stream().noneMatch(l -> STARTED.matcher(l).matches())) {
      return "no process reported started";
    }
    if (exitCode != 0) {
      return "exit " + exitCode;
    }
    return null;
  }

  private static String explain(String error) {
    return switch (error) {
      case "no such process", "no such group" -> " (no program or group of that name in supervisord's config)";
      case "spawn error" -> " (the program exited before startsecs or could not start; see its log)";
      case "abnormal termination" -> " (the program stopped while starting)"; // e.g. stopped by someone meanwhile
      case "no such file" -> " (the program's command does not exist)";
      default -> "";
    };
  }
}

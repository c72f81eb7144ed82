package dev.medic.process;

import java.util.List;
import java.util.Optional;

/**
 * Reads an exit status as a person would. The JDK reports a child killed by signal N as exit code
 * 128 + N, as shells do; so a code above 128 names the signal ("killed by SIGKILL", not "code
 * 137"). A program that itself exits with such a code reads the same way, as it does in a shell.
 */
public final class ExitStatus {

  /** Linux signal numbers 1..31, by number. */
  private static final List<String> NAMES = List.of("", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL",
      "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE",
      "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN",
      "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO",
      "SIGPWR", "SIGSYS");

  /** The highest real-time signal on Linux; codes above 128 + this are plain exit codes. */
  private static final int MAX_SIGNAL = 64;

  private ExitStatus() {}

  /** The signal that ended the process ({@code SIGKILL}, or {@code signal 40}), if a signal did. */
  public static Optional<String> signal(int exitCode) {
    int n = exitCode - 128;
    if (n < 1 || n > MAX_SIGNAL) {
      return Optional.empty();
    }
    return Optional.of(n < NAMES.size() ? NAMES.get(n) : "signal " + n);
  }

  /** {@code killed by SIGKILL}, or {@code exited with code 3}. */
  public static String describe(int exitCode) {
    return signal(exitCode).map(s -> "killed by " + s).orElse("exited with code " + exitCode);
  }
}

package dev.medic.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The processes a {@code kill_process} may signal, read from {@code /proc}. A process is named by
 * its executable name ({@code /proc/PID/comm}), the base name of its {@code argv[0]}, or the base
 * name of its executable's path: {@code names} must equal one of them exactly. medic itself, its
 * ancestors (the shell or service manager that started it) and pid 1 are never candidates.
 */
final class Processes {

  /** A process that matched, with the handle that signals exactly it (a reused pid is not signalled). */
  record Candidate(ProcessHandle handle, String name, String commandLine, boolean zombie) {
    long pid() {
      return handle.pid();
    }
  }

  private Processes() {}

  static List<Candidate> matching(Set<String> names, Pattern match) {
    Set<Long> protectedPids = protectedPids();
    List<Candidate> found = new ArrayList<>();
    ProcessHandle.allProcesses().forEach(handle -> {
      if (protectedPids.contains(handle.pid())) {
        return;
      }
      Path proc = Path.of("/proc", Long.toString(handle.pid()));
      List<String> argv = argv(proc);
      Optional<String> name = nameIn(names, read(proc.resolve("comm")).strip(), argv, handle);
      if (name.isEmpty()) {
        return;
      }
      String commandLine = String.join(" ", argv);
      if (match != null && !match.matcher(commandLine).find()) {
        return;
      }
      found.add(new Candidate(handle, name.get(), commandLine, zombie(proc)));
    });
    found.sort(java.util.Comparator.comparingLong(Candidate::pid));
    return found;
  }

  /** medic, every process above it, and init: signalling any of them would take medic or the host down. */
  static Set<Long> protectedPids() {
    Set<Long> pids = new HashSet<>();
    pids.add(1L);
    for (Optional<ProcessHandle> p = Optional.of(ProcessHandle.current()); p.isPresent(); p = p.get().parent()) {
      pids.add(p.get().pid());
    }
    return pids;
  }

  private static Optional<String> nameIn(Set<String> names, String comm, List<String> argv, ProcessHandle handle) {
    if (names.contains(comm)) {
      return Optional.of(comm);
    }
    if (!argv.isEmpty() && names.contains(baseName(argv.getFirst()))) {
      return Optional.of(baseName(argv.getFirst()));
    }
    return handle.info().command().map(Processes::baseName).filter(names::contains);
  }

  private static String baseName(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  private static List<String> argv(Path proc) {
    String raw = read(proc.resolve("cmdline"));
    if (raw.isEmpty()) {
      return List.of(); // kernel threads and zombies have none
    }
    return List.of(raw.split("\0"));
  }

  /** A zombie has exited already; no signal reaches it, only its parent can reap it. */
  static boolean zombie(Path proc) {
    String stat = read(proc.resolve("stat"));
    int end = stat.lastIndexOf(')'); // the name in parentheses may itself hold spaces and parentheses
    return end > 0 && stat.length() > end + 2 && stat.charAt(end + 2) == 'Z';
  }

  static boolean zombie(long pid) {
    return zombie(Path.of("/proc", Long.toString(pid)));
  }

  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return ""; // the process ended meanwhile, or belongs to someone medic may not inspect
    }
  }
}

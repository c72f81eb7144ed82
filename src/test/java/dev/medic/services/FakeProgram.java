package dev.medic.services;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A stand-in for systemctl or kubectl, for machines without systemd or a cluster: a shell script
 * that appends each argv it is run with to a log, one invocation a line with every argument
 * followed by {@code |}, then runs the given body (which prints and exits as the real one would).
 * The argv is the boundary medic owns; what the real program does with it is not medic's.
 */
final class FakeProgram {

  final Path program;
  final Path log;

  private FakeProgram(Path program, Path log) {
    this.program = program;
    this.log = log;
  }

  static FakeProgram write(Path dir, String name, String body) throws Exception {
    Path log = dir.resolve(name + ".argv");
    Path program = dir.resolve(name);
    Files.writeString(program, "#!/bin/sh\nfor a in \"$@\"; do printf '%s|' \"$a\" >> '" + log + "'; done\n"
        + "echo >> '" + log + "'\n" + body + "\n");
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
    return new FakeProgram(program, log);
  }

  /** Each invocation's arguments, joined by {@code |} (with a trailing one). */
  List<String> invocations() throws Exception {
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }
}

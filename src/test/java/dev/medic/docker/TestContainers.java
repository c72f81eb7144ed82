package dev.medic.docker;

import dev.medic.support.DockerEngine;
import java.util.ArrayList;
import java.util.List;

/** Containers one test made on the test engine, each with a unique name; closing removes them all. */
final class TestContainers implements AutoCloseable {

  private final List<String> names = new ArrayList<>();

  /** A unique name, removed at close. */
  String name(String what) {
    String name = DockerEngine.uniqueName(what);
    names.add(name);
    return name;
  }

  /** {@code docker run -d --name <unique> <options...> IMAGE <command...>}; the name. */
  String run(String what, List<String> options, String... command) {
    String name = name(what);
    List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name));
    args.addAll(options);
    args.add(DockerEngine.IMAGE);
    args.addAll(List.of(command));
    DockerEngine.docker(args.toArray(String[]::new));
    return name;
  }

  @Override
  public void close() {
    if (!names.isEmpty()) {
      DockerEngine.remove(names.toArray(String[]::new));
    }
  }
}

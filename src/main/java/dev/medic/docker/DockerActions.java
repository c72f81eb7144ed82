package dev.medic.docker;

import dev.medic.spi.SpecProblem;
import java.util.List;

/** Validation the docker actions share. */
final class DockerActions {

  private DockerActions() {}

  static void requireContainer(String container) {
    if (container == null || container.isBlank()) {
      throw new IllegalArgumentException("container is required: the container's name or id, for example '{target}'");
    }
  }

  static List<SpecProblem> problems(DockerTls tls) {
    return tls == null ? List.of() : tls.unreadable().stream().map(f -> new SpecProblem("tls", "cannot read " + f)).toList();
  }
}

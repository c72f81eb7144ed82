package dev.medic.docker;

import dev.medic.spi.Kinds;
import dev.medic.spi.Plugin;

/** Docker (and Podman's compatible API): the {@code docker} check and the container remedies. */
public final class DockerPlugin implements Plugin {

  @Override
  public String name() {
    return "docker";
  }

  @Override
  public void register(Kinds kinds) {
    kinds.check("docker", DockerCheck.class, DockerCheck::create);
    kinds.action("docker_restart", DockerRestartAction.class);
    kinds.action("docker_start", DockerStartAction.class);
    kinds.action("docker_stop", DockerStopAction.class);
    kinds.action("docker_kill", DockerKillAction.class);
    kinds.action("docker_rebuild", DockerRebuildAction.class);
  }
}

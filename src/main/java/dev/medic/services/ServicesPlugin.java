package dev.medic.services;

import dev.medic.spi.Kinds;
import dev.medic.spi.Plugin;

/** Restarts through the service manager that runs the target: systemd, supervisord, Kubernetes. */
public final class ServicesPlugin implements Plugin {

  @Override
  public String name() {
    return "services";
  }

  @Override
  public void register(Kinds kinds) {
    kinds.action("systemctl_restart", SystemctlRestartAction.class);
    kinds.action("supervisorctl_restart", SupervisorctlRestartAction.class);
    kinds.action("kubectl_rollout_restart", KubectlRolloutRestartAction.class);
  }
}

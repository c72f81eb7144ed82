package dev.medic.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What supervisorctl_restart accepts from the config, and the command line it makes of it. */
class SupervisorctlRestartSpecTest {

  @Test
  void namesThatCouldBeOptionsAreRefused() {
    assertThatThrownBy(() -> new SupervisorctlRestartAction("-h", null, null, null, null))
        .hasMessageStartingWith("name '-h' is not a valid name");
    assertThatThrownBy(() -> new SupervisorctlRestartAction("worker", null, "tcp://x", null, null))
        .hasMessageStartingWith("server_url must be unix:///path/to.sock or http://host:port");
  }

  @Test
  void configAndServerUrlComeBeforeTheRestart() {
    assertThat(new SupervisorctlRestartAction("web:*", "/etc/supervisor/supervisord.conf", "http://127.0.0.1:9001",
        "/usr/local/bin/supervisorctl", null).argv()).containsExactly("/usr/local/bin/supervisorctl", "-c",
        "/etc/supervisor/supervisord.conf", "-s", "http://127.0.0.1:9001", "restart", "web:*");
  }
}

package dev.medic.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.medic.config.ConfigException;
import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import dev.medic.runtime.Plugins;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service-manager restarts as users write them in YAML. */
class ServicesConfigTest {

  @TempDir Path dir;

  private static MedicConfig load(String yaml) throws ConfigException {
    return new ConfigLoader(Plugins.registry(), Map.<String, String>of()::get).parse("medic.yaml", yaml);
  }

  @Test
  void everyKeyOfTheThreeRestartsLoads() throws Exception {
    // Stand-ins so the config is valid whatever this machine has installed.
    String systemctl = FakeProgram.write(dir, "systemctl", "exit 0").program.toString();
    String supervisorctl = FakeProgram.write(dir, "supervisorctl", "exit 0").program.toString();
    String kubectl = FakeProgram.write(dir, "kubectl", "exit 0").program.toString();
    Path supervisordConf = Files.writeString(dir.resolve("supervisord.conf"), "[supervisorctl]\n");
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n");
    MedicConfig cfg = load("""
        targets:
          - name: web
            checks: [{ type: http, url: "http://127.0.0.1:8080/health" }]
        strategies:
          - name: systemd
            conditions: [http_error]
            action: { type: systemctl_restart, unit: nginx.service, user: true, program: "%s", timeout: 1m }
          - name: supervisor
            conditions: [http_error]
            action: { type: supervisorctl_restart, name: "web:*", config: "%s",
                      server_url: "unix:///run/supervisor.sock", program: "%s", timeout: 20s }
          - name: kubernetes
            conditions: [http_error]
            action: { type: kubectl_rollout_restart, resource: deployment/web, namespace: prod, context: prod-eu,
                      kubeconfig: "%s", wait: false, timeout: 10m, program: "%s" }
        """.formatted(systemctl, supervisordConf, supervisorctl, kubeconfig, kubectl));

    var systemd = (SystemctlRestartAction) cfg.strategies().get(0).action();
    assertThat(systemd.argv()).containsExactly(systemctl, "--user", "restart", "nginx.service");
    assertThat(systemd.effectiveTimeout()).isEqualTo(Duration.ofMinutes(1));
    var supervisor = (SupervisorctlRestartAction) cfg.strategies().get(1).action();
    assertThat(supervisor.argv()).containsExactly(supervisorctl, "-c", supervisordConf.toString(),
        "-s", "unix:///run/supervisor.sock", "restart", "web:*");
    var kube = (KubectlRolloutRestartAction) cfg.strategies().get(2).action();
    assertThat(kube.waitForRollout()).isFalse();
    assertThat(kube.restartArgv()).containsExactly(kubectl, "--context", "prod-eu", "--kubeconfig",
        kubeconfig.toString(), "-n", "prod", "rollout", "restart", "deployment/web");
    assertThat(kube.statusArgv()).endsWith("--timeout=600s");
    assertThat(cfg.strategies()).allSatisfy(s -> assertThat(s.action().restartsTarget()).isTrue());
  }

  @Test
  void aConfigFileOrKubeconfigThatIsNotThereIsAConfigProblem() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("""
        targets:
          - name: web
            checks: [{ type: http, url: "http://127.0.0.1:8080/health" }]
        strategies:
          - name: supervisor
            conditions: [http_error]
            action: { type: supervisorctl_restart, name: web, config: /nonexistent/supervisord.conf, program: /bin/sh }
          - name: kubernetes
            conditions: [http_error]
            action: { type: kubectl_rollout_restart, resource: deploy/web, namespace: prod, kubeconfig: /nonexistent/kc,
                      program: /bin/sh }
        """));
    assertThat(e).isNotNull();
    assertThat(e.problems()).extracting(p -> p.field() + ": " + p.message()).containsExactly(
        "strategies[0].action.config: '/nonexistent/supervisord.conf' is not a readable file",
        "strategies[1].action.kubeconfig: '/nonexistent/kc' is not a readable file");
  }

  @Test
  void aProgramThatIsNotThereIsAConfigProblem() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("""
        targets:
          - name: web
            checks: [{ type: http, url: "http://127.0.0.1:8080/health" }]
        strategies:
          - name: systemd
            conditions: [http_error]
            action: { type: systemctl_restart, unit: nginx, program: /nonexistent/bin/systemctl }
        """));
    assertThat(e).isNotNull();
    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.field()).endsWith("program");
      assertThat(p.message()).isEqualTo("'/nonexistent/bin/systemctl' is not an executable file");
    });
  }
}

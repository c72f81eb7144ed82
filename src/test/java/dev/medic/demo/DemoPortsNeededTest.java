package dev.medic.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import dev.medic.runtime.Plugins;
import org.junit.jupiter.api.Test;

/** Which ports the demo needs free: those its supervised services are checked on, and the API's. */
class DemoPortsNeededTest {

  private static MedicConfig load(String yaml) throws Exception {
    return new ConfigLoader(Plugins.registry()).parse("demo.yaml", yaml);
  }

  @Test
  void supervisedServicesNeedTheLocalPortsTheirChecksConnectTo() throws Exception {
    MedicConfig cfg = load("""
        targets:
          - name: checkout
            process: {command: [/bin/sleep, "300"]}
            checks:
              - type: process
              - type: http
                url: http://127.0.0.1:18081/health
          - name: search
            process: {command: [/bin/sleep, "300"]}
            checks:
              - type: tcp
                host: localhost
                port: 18082
          - name: plain
            process: {command: [/bin/sleep, "300"]}
            checks:
              - type: http
                url: http://localhost/
          - name: elsewhere
            process: {command: [/bin/sleep, "300"]}
            checks:
              - type: http
                url: http://192.0.2.10:18084/
          - name: unsupervised
            checks:
              - type: http
                url: http://127.0.0.1:18085/
        """);

    assertThat(DemoPorts.needed(cfg, "127.0.0.1:8787")).containsExactly(
        new DemoPorts.Port("127.0.0.1", 18081, "checkout"),
        new DemoPorts.Port("127.0.0.1", 18082, "search"),
        new DemoPorts.Port("127.0.0.1", 80, "plain"),
        new DemoPorts.Port("127.0.0.1", 8787, "the API"));
  }

  @Test
  void anApiThatIsOffNeedsNoPort() throws Exception {
    MedicConfig cfg = load("""
        targets:
          - name: checkout
            process: {command: [/bin/sleep, "300"]}
            checks:
              - type: process
        """);

    assertThat(DemoPorts.needed(cfg, "off")).isEmpty();
  }
}

package dev.medic.config;

import dev.medic.runtime.Plugins;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What {@code validate} accepts, {@code run} accepts: each config here once passed the loader and
 * then failed in {@code run} (a raw exception, a dead API, a probe that can never work).
 */
class LoaderRefusesWhatRunCannotUseTest {

  @TempDir Path dir;

  private static ConfigException.Problem problem(String yaml) {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> new ConfigLoader(Plugins.registry(), name -> null).parse("medic.yaml", yaml));
    assertThat(e).as("expected the config to be rejected:\n" + yaml).isNotNull();
    assertThat(e.problems()).hasSize(1);
    return e.problems().getFirst();
  }

  private static final String WEB = """
      targets:
        - name: web
          checks: [{type: tcp, port: 80}]
      """;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      api with a port that is no number | agent: {api: "localhost:eighty"} | 1 | agent.api | numeric port, got 'localhost:eighty'
      api port out of range             | agent: {api: "127.0.0.1:70000"}  | 1 | agent.api | api port must be 0..65535 (0 picks a free one), got 70000
      api without a host                | agent: {api: ":8787"}            | 1 | agent.api | api needs a host
      store without a path              | agent: {store: "sqlite:"}        | 1 | agent.store | store must be sqlite:PATH, got 'sqlite:'
      timeout beyond a socket's reach   | agent: {timeout: 30d}            | 1 | agent.timeout | timeout must be at most 24h, got 30d
      """)
  void agentSettings(String what, String agent, int line, String field, String message) {
    ConfigException.Problem p = problem(agent + "\n" + WEB);

    assertThat(p.line()).as(what).isEqualTo(line);
    assertThat(p.field()).isEqualTo(field);
    assertThat(p.message()).contains(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      empty command list         | {type: command, command: []}                          | targets[0].checks[0].command | command must be a non-empty list
      empty program name         | {type: command, command: [""]}                        | targets[0].checks[0].command[0] | the program to run is empty
      regex that cannot compile  | {type: process, match: "(unclosed"}                   | targets[0].checks[0].match | Unclosed group
      tcp port 0                 | {type: tcp, port: 0}                                  | targets[0].checks[0].port | port must be 1..65535, got 0
      tcp port out of range      | {type: tcp, port: 70000}                              | targets[0].checks[0].port | port must be 1..65535, got 70000
      interval of 0s             | {type: tcp, port: 80, interval: 0s}                   | targets[0].checks[0].interval | interval must be more than 0
      http port out of range     | {type: http, url: "http://127.0.0.1:99999/health"}   | targets[0].checks[0].url | port must be 1..65535, got 99999
      http url without a host    | {type: http, url: "http:///health"}                  | targets[0].checks[0].url | URL has no host
      restricted header          | {type: http, url: "http://127.0.0.1/", headers: {Host: x}} | targets[0].checks[0].headers.Host | set by the HTTP client itself
      method that is no word     | {type: http, url: "http://127.0.0.1/", method: "GE T"} | targets[0].checks[0].method | not an HTTP method
      check timeout of 90 days   | {type: tcp, port: 80, timeout: 90d}                   | targets[0].checks[0].timeout | timeout must be at most 24h
      """)
  void checks(String what, String check, String field, String message) {
    ConfigException.Problem p = problem("""
        targets:
          - name: web
            checks:
              - %s
        """.formatted(check));

    assertThat(p.field()).as(what).isEqualTo(field);
    assertThat(p.message()).contains(message);
    assertThat(p.line()).isPositive();
  }

  @Test
  void duplicateTargetNamesAreRefused() {
    ConfigException.Problem p = problem(WEB + """
          - name: web
            checks: [{type: tcp, port: 81}]
        """);

    assertThat(p.toString()).startsWith("medic.yaml:4:5: targets[1].name: duplicate target name 'web'");
  }

  @Test
  void aTargetNameStartingWithADashIsRefused() {
    ConfigException.Problem p = problem("""
        targets:
          - name: -web
            checks: [{type: tcp, port: 80}]
        """);

    assertThat(p.message()).isEqualTo("name must not start with '-', got '-web'");
  }

  @Test
  void aProcessWithAnEmptyProgramIsRefused() {
    ConfigException.Problem p = problem("""
        targets:
          - name: web
            process: {command: ["", "serve"]}
            checks: [{type: process}]
        """);

    assertThat(p.field()).isEqualTo("targets[0].process.command[0]");
  }

  @Test
  void anHttpActionUrlThatCannotBeBuiltIsRefused() {
    ConfigException.Problem p = problem(WEB + """
        strategies:
          - name: flush
            conditions: [tcp_unreachable]
            action: {type: http, url: "http://127.0.0.1:8080/flush now/{target}"}
        """);

    assertThat(p.field()).isEqualTo("strategies[0].action.url");
    assertThat(p.message()).startsWith("not a valid URL: Illegal character in path");
  }

  @Test
  void aWebhookThatIsNotHttpIsRefused() {
    ConfigException.Problem p = problem(WEB + """
        escalation:
          channels:
            - {type: webhook, url: "ftp://hooks.example/medic"}
        """);

    assertThat(p.field()).isEqualTo("escalation.channels[0].url");
    assertThat(p.message()).startsWith("URL must start with http:// or https://");
  }

  @Test
  void aThresholdThatCanNeverHoldIsRefused() {
    ConfigException.Problem p = problem(WEB + """
            detect:
              thresholds:
                - {metric: latency_ms, op: ">", value: 1.0e+400}
        """);

    assertThat(p.message()).contains("value must be a finite number");
  }

  @Test
  void aFiftyMegabyteFileIsRefusedBeforeParsingNamingItsSizeAndTheLimit() throws IOException {
    Path huge = dir.resolve("huge.yaml");
    try (OutputStream out = Files.newOutputStream(huge)) {
      byte[] line = "# padding padding padding padding padding padding padding padding padding\n".getBytes();
      for (long written = 0; written < 50L * 1024 * 1024; written += line.length) {
        out.write(line);
      }
    }
    long size = Files.size(huge);
    long start = System.nanoTime();

    assertThatThrownBy(() -> new ConfigLoader(Plugins.registry(), name -> null).load(huge))
        .isInstanceOf(ConfigException.class)
        .hasMessage(huge + ": file is " + size + " bytes, more than the limit of 1048576 bytes (1 MiB);"
            + " a medic config is a few kilobytes");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
  }
}

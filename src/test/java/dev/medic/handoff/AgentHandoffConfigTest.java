package dev.medic.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.medic.config.ConfigException;
import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import dev.medic.runtime.Plugins;
import dev.medic.spi.AnalystSpec;
import dev.medic.spi.ByteSize;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code agent} analyst as written in a config file: what binds, and what is refused with which words. */
class AgentHandoffConfigTest {

  @TempDir Path dir;

  private static final String HEAD = """
      targets:
        - name: spartan-web
          checks: [{type: tcp, port: 8888}]
      escalation:
        policies:
          - name: agent-first
            steps:
              - {on: opened, analyze: [claude-code]}
        analysts:
      """;

  private static MedicConfig parse(String yaml) throws ConfigException {
    return new ConfigLoader(Plugins.registry(), name -> null).parse("medic.yaml", yaml);
  }

  private static ConfigException.Problem problem(String analyst) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(HEAD + analyst));
    assertThat(e).as("expected the config to be rejected:\n" + analyst).isNotNull();
    assertThat(e.problems()).hasSize(1);
    return e.problems().getFirst();
  }

  @Test
  void bindsEveryFieldOfTheSeedsAgent() throws Exception {
    MedicConfig config = parse(HEAD + """
          - name: claude-code
            type: agent
            command: [claude, -p, "Read the incident bundle on stdin, find the root cause, fix it", --output-format, json]
            workdir: %s
            bundle: stdin
            format: markdown
            timeout: 15m
            per_hour: 4
            env: {GIT_AUTHOR_NAME: medic}
            pass_env: [PATH, HOME, ANTHROPIC_API_KEY]
            max_output: 128KB
        """.formatted(dir));

    AnalystSpec analyst = config.escalation().analyst("claude-code").orElseThrow();
    assertThat(analyst).isEqualTo(new AgentHandoffSpec("claude-code",
        List.of("claude", "-p", "Read the incident bundle on stdin, find the root cause, fix it", "--output-format",
            "json"), dir, BundleDelivery.STDIN, BundleFormat.MARKDOWN, Duration.ofMinutes(15), 4,
        Map.of("GIT_AUTHOR_NAME", "medic"), List.of("PATH", "HOME", "ANTHROPIC_API_KEY"), ByteSize.parse("128KiB")));
    assertThat(analyst.perHour()).isEqualTo(4);
    assertThat(analyst.timeout()).isEqualTo(Duration.ofMinutes(15));
    assertThat(analyst.mayAct()).isTrue();
  }

  @Test
  void fillsInTheDefaults() throws Exception {
    MedicConfig config = parse(HEAD + """
          - {name: claude-code, type: agent, command: [claude, -p, fix it], workdir: %s}
        """.formatted(dir));

    AgentHandoffSpec agent = (AgentHandoffSpec) config.escalation().analyst("claude-code").orElseThrow();
    assertThat(agent.bundle()).isEqualTo(BundleDelivery.STDIN);
    assertThat(agent.format()).isEqualTo(BundleFormat.JSON);
    assertThat(agent.timeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(agent.perHour()).isEqualTo(10);
    assertThat(agent.maxOutput()).isEqualTo(ByteSize.parse("64KiB"));
    assertThat(agent.env()).isEmpty();
    assertThat(agent.passEnv()).isEmpty();
  }

  @Test
  void aBundleFileMayBeNamedInTheArguments() throws Exception {
    MedicConfig config = parse(HEAD + """
          - {name: claude-code, type: agent, command: [./triage, --incident, "{bundle}"], workdir: %s, bundle: file}
        """.formatted(dir));

    AgentHandoffSpec agent = (AgentHandoffSpec) config.escalation().analyst("claude-code").orElseThrow();
    assertThat(agent.argv(Path.of("/tmp/medic-incident-7-1.json")))
        .containsExactly("./triage", "--incident", "/tmp/medic-incident-7-1.json");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
      no command        | {name: claude-code, type: agent, workdir: /tmp}                                        | escalation.analysts[0] | command must be a non-empty list
      no workdir        | {name: claude-code, type: agent, command: [claude]}                                    | escalation.analysts[0] | workdir is required
      an unknown bundle | {name: claude-code, type: agent, command: [claude], workdir: /tmp, bundle: pipe}        | escalation.analysts[0].bundle | bundle must be 'stdin' or 'file', got 'pipe'
      an unknown format | {name: claude-code, type: agent, command: [claude], workdir: /tmp, format: html}        | escalation.analysts[0].format | format must be 'json' or 'markdown', got 'html'
      no hand-offs      | {name: claude-code, type: agent, command: [claude], workdir: /tmp, per_hour: 0}         | escalation.analysts[0].per_hour | per_hour must be >= 1, got 0
      a zero timeout    | {name: claude-code, type: agent, command: [claude], workdir: /tmp, timeout: 0s}         | escalation.analysts[0].timeout | timeout must be more than 0, got 0s
      a tiny output cap | {name: claude-code, type: agent, command: [claude], workdir: /tmp, max_output: 100}     | escalation.analysts[0].max_output | max_output must be 1KB..16MB, got 100B
      {bundle} on stdin | {name: claude-code, type: agent, command: [claude, "{bundle}"], workdir: /tmp}        | escalation.analysts[0].command | command uses {bundle}, which is only filled in with bundle: file
      medic's token     | {name: claude-code, type: agent, command: [claude], workdir: /tmp, pass_env: [MEDIC_TOKEN]} | escalation.analysts[0].pass_env | pass_env: 'MEDIC_TOKEN' is reserved
      a bad name in env | {name: claude-code, type: agent, command: [claude], workdir: /tmp, env: {"A-B": x}}    | escalation.analysts[0].env | env: 'A-B' is not a variable name
      a missing workdir | {name: claude-code, type: agent, command: [claude], workdir: /nonexistent/checkout}    | escalation.analysts[0].workdir | '/nonexistent/checkout' does not exist (expected the directory the agent starts in)
      an empty program  | {name: claude-code, type: agent, command: [" "], workdir: /tmp}                         | escalation.analysts[0].command[0] | the program to run is empty
      """)
  void refusesWithFieldAndExpectedValue(String what, String analyst, String field, String message) {
    ConfigException.Problem p = problem("    - " + analyst + "\n");

    assertThat(p.field()).as(p.toString()).isEqualTo(field);
    assertThat(p.message()).as(p.toString()).contains(message);
  }

  @Test
  void aWorkdirThatIsAFileIsNamed() throws Exception {
    Path file = java.nio.file.Files.createFile(dir.resolve("not-a-dir"));

    ConfigException.Problem p = problem("    - {name: claude-code, type: agent, command: [claude], workdir: %s}\n"
        .formatted(file));

    assertThat(p.field()).isEqualTo("escalation.analysts[0].workdir");
    assertThat(p.message()).isEqualTo("'" + file + "' is not a directory (expected the directory the agent starts in)");
  }
}

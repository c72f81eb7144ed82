package dev.medic.handoff;

import static dev.medic.handoff.AgentScripts.bundle;
import static dev.medic.handoff.AgentScripts.context;
import static dev.medic.handoff.AgentScripts.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.spi.Analysis;
import dev.medic.spi.AnalystContext;
import dev.medic.spi.IncidentBundle;
import dev.medic.spi.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent hand-off with shell scripts as the agent: what it is given, how it is bounded, what is kept. */
class AgentHandoffTest {

  @TempDir Path dir;
  private AgentScripts scripts;
  private final IncidentBundle bundle = bundle();
  private final AnalystContext context = context(bundle);

  @BeforeEach
  void setUp() {
    scripts = new AgentScripts(dir);
  }

  private Analysis run(AgentHandoffSpec spec) throws InterruptedException {
    return spec.analyze(context, bundle, Map.of());
  }

  @Test
  void readsTheBundleJsonOnItsStandardInput() throws Exception {
    Path agent = scripts.script("agent", "cat > \"$1\"; echo read it all");
    Path saved = dir.resolve("stdin.json");

    Analysis a = run(spec(List.of(agent.toString(), saved.toString()), dir, null, null, null, null, null, null));

    assertThat(a.failed()).as(a.error()).isFalse();
    assertThat(Files.readString(saved)).isEqualTo(context.bundleJson())
        .contains("\"incident\":{\"id\":42,\"target\":\"spartan-web\"");
    assertThat(a.output()).isEqualTo("read it all");
    assertThat(a.summary()).isEqualTo("read it all");
    assertThat(a.analyst()).isEqualTo("claude-code");
    assertThat(a.incidentId()).isEqualTo(42);
  }

  @Test
  void getsTheBundleAsAPrivateFileNamedInItsArgumentsAndEnvironmentThenDeleted() throws Exception {
    Path agent = scripts.script("agent", """
        cp "$1" "%1$s/copy"
        echo "$1" > "%1$s/argument"
        echo "$MEDIC_BUNDLE" > "%1$s/variable"
        stat -c %%a "$1" > "%1$s/mode"
        echo done""".formatted(dir));

    Analysis a = run(spec(List.of(agent.toString(), "{bundle}"), dir, BundleDelivery.FILE, BundleFormat.MARKDOWN,
        null, null, null, null));

    assertThat(a.failed()).as(a.error()).isFalse();
    Path file = Path.of(Files.readString(dir.resolve("argument")).strip());
    assertThat(Files.readString(dir.resolve("variable")).strip()).isEqualTo(file.toString());
    assertThat(file.getFileName().toString()).startsWith("medic-incident-42-").endsWith(".md");
    assertThat(Files.readString(dir.resolve("mode")).strip()).isEqualTo("600");
    assertThat(Files.readString(dir.resolve("copy"))).isEqualTo(context.bundleMarkdown());
    assertThat(file).doesNotExist();
  }

  @Test
  void startsInTheConfiguredWorkingDirectory() throws Exception {
    Path work = Files.createDirectory(dir.resolve("checkout"));
    Path agent = scripts.script("agent", "pwd");

    Analysis a = run(spec(List.of(agent.toString()), work, null, null, null, null, null, null));

    assertThat(a.summary()).isEqualTo(work.toRealPath().toString());
  }

  @Test
  void seesOnlyPassedAndConfiguredVariablesNeverMedicsSecrets() throws Exception {
    Path agent = scripts.script("agent", "/usr/bin/env");
    Map<String, String> medicEnvironment = Map.of("MEDIC_TOKEN", "medic-api-token-1", "PGPASSWORD", "pg-secret-2",
        "AWS_SECRET_ACCESS_KEY", "aws-secret-3", "PATH", "/usr/bin:/bin", "HOME", "/home/medic",
        "DATABASE_URL", "postgres://medic:pw-4@db/medic");
    AgentHandoffSpec spec = spec(List.of(agent.toString()), dir, null, null, null,
        Map.of("GIT_AUTHOR_NAME", "medic"), List.of("PATH", "HOME", "ANTHROPIC_API_KEY"), null);

    Analysis a = spec.analyze(context, bundle, medicEnvironment);

    assertThat(a.failed()).as(a.error()).isFalse();
    Map<String, String> seen = variables(a.output());
    seen.keySet().removeAll(Set.of("PWD", "SHLVL", "_", "OLDPWD"));
    assertThat(seen).containsExactlyInAnyOrderEntriesOf(Map.of("PATH", "/usr/bin:/bin", "HOME", "/home/medic",
        "GIT_AUTHOR_NAME", "medic", "MEDIC_INCIDENT_ID", "42", "MEDIC_TARGET", "spartan-web",
        "MEDIC_CONDITION", "cache_corruption"));
    assertThat(a.output()).doesNotContain("medic-api-token-1", "pg-secret-2", "aws-secret-3", "pw-4");
  }

  @Test
  void hidesTheValuesItPassedTheAgentInEverythingTheAgentSays() throws Exception {
    Path agent = scripts.script("agent", "echo \"calling the API with $ANTHROPIC_API_KEY as $GIT_AUTHOR_NAME\"; /usr/bin/env");
    AgentHandoffSpec spec = spec(List.of(agent.toString()), dir, null, null, null,
        Map.of("GIT_AUTHOR_NAME", "medic-bot", "DEPLOY_TOKEN", "dt-77f1"), List.of("PATH", "ANTHROPIC_API_KEY"), null);

    Analysis a = spec.analyze(context, bundle, Map.of("PATH", "/usr/bin:/bin", "ANTHROPIC_API_KEY", "sk-ant-secret-9"));

    assertThat(a.output()).contains("calling the API with *** as medic-bot").doesNotContain("sk-ant-secret-9");
    assertThat(a.output()).contains("DEPLOY_TOKEN").doesNotContain("dt-77f1");
    assertThat(a.summary()).doesNotContain("sk-ant-secret-9");
  }

  @Test
  void inheritsNothingOfTheRealProcessEnvironment() throws Exception {
    Path agent = scripts.script("agent", "/usr/bin/env");
    AgentHandoffSpec spec = spec(List.of(agent.toString()), dir, null, null, null, null, List.of("PATH"), null);

    Analysis a = spec.analyze(context, bundle);

    Set<String> leaked = new HashSet<>(System.getenv().keySet());
    leaked.removeAll(Set.of("PATH", "PWD", "SHLVL", "_", "OLDPWD"));
    assertThat(leaked).as("the test JVM's environment has variables to leak").isNotEmpty();
    assertThat(variables(a.output()).keySet()).doesNotContainAnyElementsOf(leaked);
  }

  @Test
  void aTimeoutEndsTheAgentAndEveryProcessItStarted() throws Exception {
    Path agent = scripts.script("agent", """
        sleep 600 &
        echo $! > "%1$s/child"
        echo $$ > "%1$s/self"
        echo looking into it
        wait""".formatted(dir));

    Analysis a = run(spec(List.of(agent.toString()), dir, null, null, Duration.ofSeconds(1), null, null, null));

    assertThat(a.failed()).isTrue();
    assertThat(a.error()).isEqualTo("timed out after 1s");
    assertThat(a.output()).isEqualTo("looking into it");
    assertThat(a.verdict()).isEqualTo(Verdict.SUSPICIOUS_INVESTIGATE);
    long child = Long.parseLong(Files.readString(dir.resolve("child")).strip());
    long self = Long.parseLong(Files.readString(dir.resolve("self")).strip());
    await().atMost(Duration.ofSeconds(10)).until(() -> gone(child) && gone(self));
  }

  @Test
  void anAgentThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
    Path agent = scripts.script("agent", """
        trap '' TERM
        sleep 600 &
        echo $! > "%1$s/child"
        while true; do sleep 0.1; done""".formatted(dir));
    AgentProcess process = new AgentProcess(List.of(agent.toString()), dir, Map.of("PATH", "/usr/bin:/bin"),
        new byte[0], Duration.ofSeconds(1), 4096, Duration.ofMillis(300));

    AgentProcess.Result r = process.run();

    assertThat(r.timedOut()).isTrue();
    assertThat(r.exitCode()).isEqualTo(-1);
    long child = Long.parseLong(Files.readString(dir.resolve("child")).strip());
    await().atMost(Duration.ofSeconds(10)).until(() -> gone(child));
  }

  @Test
  void stoppingMedicEndsTheAgentAndTellsTheCaller() throws Exception {
    Path agent = scripts.script("agent", """
        sleep 600 &
        echo $! > "%1$s/child"
        wait""".formatted(dir));
    AgentHandoffSpec spec = spec(List.of(agent.toString()), dir, null, null, Duration.ofMinutes(5), null, null, null);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread desk = Thread.ofPlatform().start(() -> {
      try {
        run(spec);
      } catch (Throwable t) {
        thrown.set(t);
      }
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dir.resolve("child"))
        && !Files.readString(dir.resolve("child")).isBlank());

    desk.interrupt();
    desk.join(Duration.ofSeconds(10));

    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    long child = Long.parseLong(Files.readString(dir.resolve("child")).strip());
    await().atMost(Duration.ofSeconds(10)).until(() -> gone(child));
  }

  @Test
  void aProcessTheAgentLeftRunningIsNeitherWaitedForNorEnded() throws Exception {
    Path agent = scripts.script("agent", """
        sleep 600 &
        echo $! > "%1$s/child"
        echo restarted the worker in the background""".formatted(dir));

    Analysis a = run(spec(List.of(agent.toString()), dir, null, null, Duration.ofMinutes(1), null, null, null));

    long child = Long.parseLong(Files.readString(dir.resolve("child")).strip());
    try {
      assertThat(a.failed()).as(a.error()).isFalse();
      assertThat(a.summary()).isEqualTo("restarted the worker in the background");
      assertThat(a.usage().latencyMs()).isLessThan(10_000);
      assertThat(gone(child)).as("what the agent started may be its fix").isFalse();
    } finally {
      ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void keepsAtMostMaxOutputAndSaysHowMuchWasDropped() throws Exception {
    Path agent = scripts.script("agent", """
        echo first line
        head -c 300000 /dev/zero | tr '\\0' a
        echo
        echo a warning on stderr >&2
        sleep 0.2
        echo the conclusion""");

    Analysis a = run(spec(List.of(agent.toString()), dir, null, null, null, null, List.of("PATH"), "4KB"));

    assertThat(a.failed()).as(a.error()).isFalse();
    String kept = a.output().replaceAll("\\n\\[\\.\\.\\. \\d+ bytes of output dropped \\(max_output\\) \\.\\.\\.]\\n", "");
    assertThat(kept.length()).isLessThanOrEqualTo(4096);
    assertThat(a.output()).startsWith("first line").contains("bytes of output dropped (max_output)")
        .contains("a warning on stderr").endsWith("the conclusion");
    long dropped = Long.parseLong(a.output().replaceAll("(?s).*\\[\\.\\.\\. (\\d+) bytes.*", "$1"));
    assertThat(dropped).isGreaterThan(300000 - 4096);
    assertThat(a.summary()).isEqualTo("the conclusion");
  }

  @Test
  void aChattyAgentOnBothStreamsThatNeverReadsItsInputDoesNotStall() throws Exception {
    Path agent = scripts.script("agent", """
        (head -c 2000000 /dev/zero | tr '\\0' b; echo) >&2 &
        head -c 2000000 /dev/zero | tr '\\0' a; echo
        wait
        echo finished""");
    AgentHandoffSpec spec = spec(List.of(agent.toString()), dir, null, null, Duration.ofSeconds(30), null,
        List.of("PATH"), null);
    IncidentBundle big = new IncidentBundle(1, AgentScripts.NOW, bundle.incident(), null, null,
        java.util.Collections.nCopies(20000, "a log line that makes the bundle larger than a pipe holds"),
        null, null, null, null, null, null);

    Analysis a = spec.analyze(context(big), big, Map.of("PATH", "/usr/bin:/bin"));

    assertThat(a.failed()).as(a.error()).isFalse();
    assertThat(context(big).bundleJson().length()).isGreaterThan(1_000_000);
    assertThat(a.summary()).isEqualTo("finished");
    assertThat(a.usage().latencyMs()).isLessThan(30_000);
  }

  @Test
  void aNonZeroExitIsAFailedAnalysisWithTheOutputsTail() throws Exception {
    Path agent = scripts.script("agent", """
        echo cloning the repository
        echo "fatal: could not read from remote repository" >&2
        exit 3""");

    Analysis a = run(spec(List.of(agent.toString()), dir, null, null, null, null, null, null));

    assertThat(a.failed()).isTrue();
    assertThat(a.error()).isEqualTo("exit 3: cloning the repository; fatal: could not read from remote repository");
    assertThat(a.output()).contains("cloning the repository", "fatal: could not read from remote repository");
    assertThat(a.confidence()).isZero();
  }

  @Test
  void aProgramThatCannotStartIsAFailedAnalysis() throws Exception {
    Analysis a = run(spec(List.of(dir.resolve("no-such-agent").toString()), dir, null, null, null, null, null, null));

    assertThat(a.failed()).isTrue();
    assertThat(a.error()).startsWith("cannot start " + dir.resolve("no-such-agent"));
  }

  @Test
  void readsAnAnswerInTheAnalystSchemaAndRefusesSuggestionsTheTargetDoesNotAllow() throws Exception {
    Path agent = scripts.script("agent", """
        echo "checking the cache..."
        echo '{"root_cause":"a deploy wrote the cache with the old serializer","root_target":"spartan-web",\
        "root_condition":"cache_corruption","evidence":["cache_errors rose at 11:52","deploy at 11:50"],\
        "confidence":0.8,"verdict":"ERRORS_INVESTIGATE","suggested_actions":["clear_cache","drop_database"]}'""");

    Analysis a = run(spec(List.of(agent.toString()), dir, null, null, null, null, null, null));

    assertThat(a.failed()).as(a.error()).isFalse();
    assertThat(a.verdict()).isEqualTo(Verdict.ERRORS_INVESTIGATE);
    assertThat(a.summary()).isEqualTo("a deploy wrote the cache with the old serializer");
    assertThat(a.rootTarget()).isEqualTo("spartan-web");
    assertThat(a.rootCondition()).isEqualTo("cache_corruption");
    assertThat(a.evidence()).containsExactly("cache_errors rose at 11:52", "deploy at 11:50");
    assertThat(a.confidence()).isEqualTo(0.8);
    assertThat(a.suggestedActions()).containsExactly("clear_cache");
    assertThat(a.refused()).containsExactly(new Analysis.Refusal("drop_database",
        "not a strategy this target allows (clear_cache, restart_container)"));
    assertThat(a.output()).startsWith("checking the cache...");
  }

  @Test
  void readsClaudeCodesJsonResultWithItsCostAndTokens() throws Exception {
    Path agent = scripts.script("agent", """
        cat <<'JSON'
        {"type":"result","subtype":"success","is_error":false,"duration_ms":48210,"num_turns":7,\
        "result":"I read the logs.\\n\\n```json\\n{\\"root_cause\\": \\"Redis ran out of memory\\", \\"root_target\\": \\"spartan-web\\", \\"evidence\\": [\\"OOM command not allowed\\"], \\"confidence\\": \\"70%%\\", \\"verdict\\": \\"errors investigate\\", \\"suggested_actions\\": [{\\"name\\": \\"restart_container\\"}]}\\n```",\
        "session_id":"5e1f","total_cost_usd":0.1234,"usage":{"input_tokens":1200,"cache_read_input_tokens":300,"output_tokens":450}}
        JSON""".replace("%%", "%"));

    Analysis a = run(spec(List.of(agent.toString()), dir, null, null, null, null, null, null));

    assertThat(a.failed()).as(a.error()).isFalse();
    assertThat(a.summary()).isEqualTo("Redis ran out of memory");
    assertThat(a.verdict()).isEqualTo(Verdict.ERRORS_INVESTIGATE);
    assertThat(a.confidence()).isEqualTo(0.7);
    assertThat(a.evidence()).containsExactly("OOM command not allowed");
    assertThat(a.suggestedActions()).containsExactly("restart_container");
    assertThat(a.usage().costUsd()).isEqualTo(0.1234);
    assertThat(a.usage().inputTokens()).isEqualTo(1500);
    assertThat(a.usage().outputTokens()).isEqualTo(450);
  }

  @Test
  void claudeCodeReportingAnErrorIsAFailedAnalysis() throws Exception {
    Path agent = scripts.script("agent", """
        echo '{"type":"result","subtype":"error_max_turns","is_error":true,"num_turns":30,"result":"","total_cost_usd":0.5}'""");

    Analysis a = run(spec(List.of(agent.toString()), dir, null, null, null, null, null, null));

    assertThat(a.failed()).isTrue();
    assertThat(a.error()).isEqualTo("the agent reported an error (error_max_turns)");
    assertThat(a.usage().costUsd()).isEqualTo(0.5);
  }

  @Test
  void aFreeTextReportIsSuspiciousWithItsLastLineAsTheSummary() throws Exception {
    Path agent = scripts.script("agent", """
        echo "Looked at the container logs."
        echo "  The preloader fails on a renamed column; migration 42 needs a person.  "
        echo""");

    Analysis a = run(spec(List.of(agent.toString()), dir, null, null, null, null, null, null));

    assertThat(a.failed()).isFalse();
    assertThat(a.verdict()).isEqualTo(Verdict.SUSPICIOUS_INVESTIGATE);
    assertThat(a.summary()).isEqualTo("The preloader fails on a renamed column; migration 42 needs a person.");
    assertThat(a.confidence()).isZero();
    assertThat(a.rootTarget()).isNull();
  }

  @Test
  void mayActSoItsRunIsAuditedAndTheTargetVerified() {
    AgentHandoffSpec spec = spec(List.of("claude"), dir, null, null, null, null, null, null);

    assertThat(spec.mayAct()).isTrue();
    assertThat(spec.perHour()).isEqualTo(10);
    assertThat(spec.timeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(spec.proposes()).isFalse();
  }

  private static boolean gone(long pid) {
    return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
  }

  private static Map<String, String> variables(String envOutput) {
    Map<String, String> vars = new java.util.HashMap<>();
    List<String> lines = new ArrayList<>(envOutput.lines().toList());
    for (String line : lines) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        vars.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return vars;
  }
}

package dev.medic.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.config.LabelMatcher;
import dev.medic.runtime.Agent;
import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import dev.medic.store.AuditEntry;
import dev.medic.store.Silence;
import dev.medic.store.SqliteStore;
import dev.medic.support.AgentHarness;
import dev.medic.support.TestServices;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code medic silence add | list | expire} on a store, and a running medic seeing what they write. */
class SilenceCommandTest {

  @TempDir Path dir;

  private static CliTest.Run medic(String... args) {
    return CliTest.medic(args);
  }

  private String store() {
    SqliteStore.open(dir.resolve("medic.db")).close();
    return "sqlite:" + dir.resolve("medic.db");
  }

  private List<Silence> stored() {
    try (SqliteStore s = SqliteStore.open(dir.resolve("medic.db"))) {
      return s.silences().list(Instant.now(), true);
    }
  }

  @Test
  void addListAndExpireASilenceWithItsAuditRows() {
    String store = store();

    CliTest.Run added = medic("silence", "add", "--store", store, "--target", "db", "--condition", "tcp_refused",
        "--label", "team=~data|cache", "--label", "tier!=replica", "--for", "2h", "--comment", "disk swap",
        "--author", "alice");

    assertThat(added.code()).as(added.err()).isZero();
    Silence s = stored().getFirst();
    assertThat(added.out()).isEqualTo("silence " + s.id() + " until " + s.endsAt() + " on target=\"db\","
        + " condition=\"tcp_refused\", team=~\"data|cache\", tier!=\"replica\"\n");
    assertThat(s.matchers()).containsExactly(new LabelMatcher("target", "=", "db"),
        new LabelMatcher("condition", "=", "tcp_refused"), new LabelMatcher("team", "=~", "data|cache"),
        new LabelMatcher("tier", "!=", "replica"));
    assertThat(Duration.between(s.startsAt(), s.endsAt())).isEqualTo(Duration.ofHours(2));
    assertThat(s.author()).isEqualTo("alice");
    assertThat(s.allowHealing()).isFalse();

    CliTest.Run listed = medic("silence", "list", "--store", store);
    assertThat(listed.code()).isZero();
    assertThat(listed.out()).contains("ID").contains("MATCHES").contains("active").contains("disk swap")
        .contains("alice");

    CliTest.Run expired = medic("silence", "expire", String.valueOf(s.id()), "--store", store, "--by", "bob");
    assertThat(expired.code()).as(expired.err()).isZero();
    assertThat(expired.out()).startsWith("silence " + s.id() + " expired at ");
    assertThat(medic("silence", "list", "--store", store).out()).doesNotContain("disk swap");
    assertThat(medic("silence", "list", "--all", "--store", store).out()).contains("expired by bob");

    try (SqliteStore db = SqliteStore.open(dir.resolve("medic.db"))) {
      assertThat(db.audit().list(null, 10).reversed()).filteredOn(a -> a.kind().equals("silence"))
          .extracting(AuditEntry::result, AuditEntry::actor)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("created", "alice"),
              org.assertj.core.groups.Tuple.tuple("expired", "bob"));
    }
  }

  @Test
  void untilTakesAnIsoTimeAndAllowHealingIsKept() {
    String store = store();
    String until = Instant.now().plus(Duration.ofHours(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
        .toString();

    CliTest.Run added = medic("silence", "add", "--store", store, "--label", "team=data", "--until", until,
        "--comment", "noisy", "--author", "carol", "--allow-healing");

    assertThat(added.code()).as(added.err()).isZero();
    Silence s = stored().getFirst();
    assertThat(s.endsAt()).isEqualTo(Instant.parse(until));
    assertThat(s.allowHealing()).isTrue();
  }

  @Test
  void theAuthorDefaultsToTheUser() throws Exception {
    String store = store();
    Path log = dir.resolve("add.log");
    Process add = dev.medic.support.MedicProcess.command(log, java.util.Map.of("USER", "erin"),
        "silence", "add", "--store", store, "--target", "db", "--for", "1h", "--comment", "x").start();
    assertThat(add.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(add.exitValue()).as(java.nio.file.Files.readString(log)).isZero();
    assertThat(stored().getFirst().author()).isEqualTo("erin");
  }

  @Test
  void mistakesAreOneLineThatSaysWhatToGive() {
    String store = store();
    assertThat(medic("silence", "add", "--store", store, "--target", "db", "--comment", "x", "--author", "a").err())
        .isEqualTo("medic add: give --for DURATION or --until TIME (one of them)\n");
    assertThat(medic("silence", "add", "--store", store, "--for", "1h", "--comment", "x", "--author", "a").err())
        .isEqualTo("medic add: give at least one of --target, --condition or --label\n");
    assertThat(medic("silence", "add", "--store", store, "--label", "team", "--for", "1h", "--comment", "x",
        "--author", "a").err()).startsWith("medic add: --label: a matcher is NAME=VALUE");
    assertThat(medic("silence", "add", "--store", store, "--target", "db", "--until", "tomorrow", "--comment", "x",
        "--author", "a").err()).startsWith("medic add: --until must be an ISO-8601 time with an offset");
    assertThat(medic("silence", "add", "--store", store, "--target", "db", "--for", "soon", "--comment", "x",
        "--author", "a").err()).startsWith("medic add: --for: expected a duration like");
    CliTest.Run noComment = medic("silence", "add", "--store", store, "--target", "db", "--for", "1h", "--author", "a");
    assertThat(noComment.code()).isEqualTo(2);
    assertThat(noComment.err()).contains("--comment");
    CliTest.Run unknown = medic("silence", "expire", "4242", "--store", store, "--by", "bob");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).isEqualTo("medic expire: no silence 4242\n");
    assertThat(medic("silence").code()).isEqualTo(2);
    assertThat(stored()).isEmpty();
  }

  @Test
  void aRunningMedicHoldsWhatTheCommandLineSilencedWithinTwoSeconds() throws Exception {
    try (AgentHarness harness = AgentHarness.start(dir, """
        agent: { interval: 1h }
        targets:
          - name: db
            checks: [{type: tcp, port: %d}]
        """.formatted(TestServices.freePort()), new Agent.Overrides(null, false, null, null))) {
      Incident db = Incident.open("db", "tcp_refused", Severity.WARNING, "refused", Instant.now());
      assertThat(harness.agent.silences().on(db, Instant.now())).isEmpty();

      CliTest.Run added = medic("silence", "add", "--store", "sqlite:" + dir.resolve("medic.db"), "--target", "db",
          "--for", "1h", "--comment", "from the shell", "--author", "dave");
      assertThat(added.code()).as(added.err()).isZero();

      await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).until(() ->
          harness.agent.silences().on(db, Instant.now()).isPresent());
      assertThat(harness.agent.silences().active(Instant.now())).singleElement().satisfies(s ->
          assertThat(s.line()).endsWith(": from the shell (dave)"));
    }
  }
}

package dev.medic.notify;

import dev.medic.config.RetryPolicy;
import dev.medic.runtime.Plugins;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medic.config.ConfigException;
import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import dev.medic.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final String TARGETS = """
      targets:
        - name: api
          checks: [{type: tcp, port: 1}]
      """;

  @Test
  void waitDoublesFromBackoffAndStopsGrowingAtBackoffMax() {
    RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofHours(1));
    assertThat(List.of(1, 2, 3, 4, 5, 40).stream().map(policy::delayAfter).toList())
        .containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
            Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30));
  }

  @Test
  void attemptsFollowTheBackoffOnTheClockUntilGiveUpAfterHasPassed() {
    SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofMinutes(1));
    Instant first = clock.instant();
    List<Duration> waits = new ArrayList<>();
    int failed = 0;
    while (true) {
      failed++; // the attempt due now fails
      Optional<Instant> next = policy.nextAttempt(first, failed, clock.instant());
      if (next.isEmpty()) {
        break;
      }
      waits.add(Duration.between(clock.instant(), next.get()));
      clock.advance(Duration.between(clock.instant(), next.get()));
    }
    // 0 → 5 → 15 → 35 → 55 s; the next would start at 75 s, past the minute: given up after 5 attempts.
    assertThat(waits).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
        Duration.ofSeconds(20));
    assertThat(failed).isEqualTo(5);
    assertThat(Duration.between(first, clock.instant())).isEqualTo(Duration.ofSeconds(55));
  }

  @Test
  void giveUpAfterZeroMeansOneAttempt() {
    RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1), null, Duration.ZERO);
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(policy.nextAttempt(t0, 1, t0)).isEmpty();
  }

  @Test
  void defaultsAreFiveSecondsDoublingToFiveMinutesForAnHour() throws Exception {
    MedicConfig cfg = new ConfigLoader(Plugins.registry()).parse("medic.yaml", TARGETS);
    assertThat(cfg.escalation().retry())
        .isEqualTo(new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofHours(1)));
  }

  @Test
  void retryIsReadFromTheEscalationSection() throws Exception {
    MedicConfig cfg = new ConfigLoader(Plugins.registry()).parse("medic.yaml", TARGETS + """
        escalation:
          retry: {backoff: 2s, backoff_max: 1m, give_up_after: 30m}
        """);
    assertThat(cfg.escalation().retry())
        .isEqualTo(new RetryPolicy(Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofMinutes(30)));
  }

  @Test
  void backoffMaxBelowBackoffIsAConfigErrorAtItsLine() {
    assertThatThrownBy(() -> new ConfigLoader(Plugins.registry()).parse("medic.yaml", TARGETS + """
        escalation:
          retry:
            backoff: 10s
            backoff_max: 5s
        """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("medic.yaml:7:5")
        .hasMessageContaining("escalation.retry.backoff_max")
        .hasMessageContaining("backoff_max must be at least backoff (10s), got 5s");
  }

  @Test
  void zeroBackoffIsAConfigError() {
    assertThatThrownBy(() -> new ConfigLoader(Plugins.registry()).parse("medic.yaml", TARGETS + """
        escalation:
          retry: {backoff: 0s}
        """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("escalation.retry.backoff")
        .hasMessageContaining("backoff must be more than 0, got 0s");
  }

  @Test
  void twoChannelsOfOneNameAreAConfigError() {
    assertThatThrownBy(() -> new ConfigLoader(Plugins.registry()).parse("medic.yaml", TARGETS + """
        escalation:
          channels:
            - {type: webhook, url: "http://127.0.0.1:1/a"}
            - {type: webhook, url: "http://127.0.0.1:1/b"}
        """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("escalation.channels")
        .hasMessageContaining("two channels are named 'webhook'");
  }
}

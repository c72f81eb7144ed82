package dev.medic.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.medic.spi.Incident;
import dev.medic.spi.IncidentState;
import dev.medic.store.AuditEntry;
import dev.medic.support.AgentHarness;
import dev.medic.support.RealServices;
import dev.medic.support.RedisScratch;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stale Redis lock, from the YAML config to a resolved incident, through a real Agent. */
class RedisHealingTest {

  @TempDir Path dir;
  private final RedisScratch redis = new RedisScratch();

  @BeforeAll
  static void needsRedis() {
    RealServices.requireRedis();
  }

  @AfterEach
  void cleanUp() {
    redis.close();
  }

  @Test
  void staleLockOpensAnIncidentThatDeletingStaleLocksHealsWhileTheFreshLockStays() throws Exception {
    long now = Instant.now().getEpochSecond();
    String crashed = redis.key("lock:doc-17");
    String busy = redis.key("lock:doc-18");
    redis.jedis.set(crashed, Long.toString(now - 3 * 3600)); // its worker died three hours ago
    redis.jedis.set(busy, Long.toString(now)); // a live worker's lock
    String yaml = """
        agent:
          interval: 200ms
          timeout: 2s
          verify_timeout: 5s
        targets:
          - name: cache
            checks:
              - type: redis
                url: %1$s
                lock_pattern: "%2$s"
                lock_max_age: 10m
        strategies:
          - name: clear_stale_locks
            conditions: [stale_lock]
            action:
              type: redis_delete_stale_locks
              url: %1$s
              pattern: "%2$s"
              max_age: 10m
            max_attempts: 2
            cooldown: 1s
        """.formatted(RedisScratch.URL, redis.key("lock:*"));

    try (AgentHarness h = AgentHarness.start(dir, yaml)) {
      // The attempt is recorded last, after the verify and the resolution.
      await().atMost(Duration.ofSeconds(15)).until(() ->
          h.incidents().stream().anyMatch(i -> i.state() == IncidentState.RESOLVED)
              && h.audit().stream().anyMatch(a -> a.kind().equals("attempt")));

      assertThat(h.incidents()).singleElement().satisfies(i -> {
        assertThat(i.target()).isEqualTo("cache");
        assertThat(i.condition()).isEqualTo("stale_lock");
        assertThat(i.message()).contains("stale_locks = 1");
        assertThat(i.strategiesTried()).containsExactly("clear_stale_locks");
        assertThat(i.healingAttempts()).isEqualTo(1);
        assertThat(i.escalated()).isFalse();
      });
      Incident incident = h.incidents().getFirst();
      List<AuditEntry> audit = h.agent.store().audit().list(incident.id(), 100).reversed();
      assertThat(audit).filteredOn(a -> a.kind().equals("action")).singleElement().satisfies(a -> {
        assertThat(a.result()).isEqualTo("ok");
        assertThat(a.detail())
            .contains("redis_delete_stale_locks " + redis.key("lock:*") + " older than 10m on " + RedisScratch.URL)
            .contains("deleted 1 stale lock matching '" + redis.key("lock:*") + "' older than 10m: " + crashed)
            .contains("kept 1 fresh");
      });
      assertThat(audit).filteredOn(a -> a.kind().equals("verify")).singleElement()
          .satisfies(a -> assertThat(a.result()).isEqualTo("ok"));
      assertThat(redis.jedis.exists(crashed)).isFalse();
      assertThat(redis.jedis.get(busy)).isEqualTo(Long.toString(now));
    }
  }
}

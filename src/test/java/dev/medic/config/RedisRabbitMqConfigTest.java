package dev.medic.config;

import dev.medic.spi.ThresholdRule;
import dev.medic.runtime.Plugins;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.medic.rabbitmq.RabbitMqMoveDeadLettersAction;
import dev.medic.rabbitmq.RabbitMqPurgeAction;
import dev.medic.redis.RedisDeleteKeysAction;
import dev.medic.redis.RedisDeleteStaleLocksAction;
import dev.medic.redis.RedisFlushDbAction;
import dev.medic.redis.RedisRequeueAction;
import dev.medic.rabbitmq.RabbitMqCheck;
import dev.medic.redis.RedisCheck;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The redis and rabbitmq kinds as users write them in YAML. */
class RedisRabbitMqConfigTest {

  private static final Map<String, String> ENV = Map.of("REDIS_PASSWORD", "r3dis", "AMQP_PASSWORD", "amqp-pw");

  private static MedicConfig load(String yaml) throws ConfigException {
    return new ConfigLoader(Plugins.registry(), ENV::get).parse("medic.yaml", yaml);
  }

  private static ConfigException.Problem problem(String yaml) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml));
    assertThat(e).as("expected the config to be rejected").isNotNull();
    assertThat(e.problems()).hasSize(1);
    return e.problems().getFirst();
  }

  @Test
  void everyKeyOfBothChecksAndAllSixActionsLoads() throws ConfigException {
    MedicConfig cfg = load("""
        targets:
          - name: cache
            checks:
              - type: redis
                url: redis://127.0.0.1:6379/2
                password: ${REDIS_PASSWORD}
                key: "etl:last_run"
                key_ttl: 2h
                max_key_age: 30m
                queues: [jobs, "jobs:processing"]
                stalled_after: 10m
                lock_pattern: "lock:*"
                lock_max_age: 15m
                lock_ttl: 1h
                memory_limit_pct: 80
          - name: broker
            checks:
              - type: rabbitmq
                url: amqp://app:${AMQP_PASSWORD}@127.0.0.1:5672/%2F
                queues: [orders, orders.dlq]
                stalled_after: 2m
                detect_alarms: false
        strategies:
          - name: locks
            conditions: [stale_lock]
            action: { type: redis_delete_stale_locks, url: "redis://127.0.0.1:6379/2", pattern: "lock:*", max_age: 15m, lock_ttl: 1h, max_keys: 50 }
          - name: cache
            conditions: [stale_data]
            action: { type: redis_delete_keys, url: "redis://127.0.0.1:6379/2", pattern: "cache:*", max_keys: 500 }
          - name: requeue
            conditions: [stalled_queue]
            action: { type: redis_requeue, url: "redis://127.0.0.1:6379/2", from: "jobs:started", to: jobs, max_items: 100, older_than: 30m }
          - name: flush
            conditions: [redis_memory_high]
            action: { type: redis_flushdb, url: "redis://:${REDIS_PASSWORD}@127.0.0.1:6379/2", timeout: 5s }
          - name: dlq
            conditions: [stalled_queue]
            action: { type: rabbitmq_move_dead_letters, url: "amqp://127.0.0.1", from: orders.dlq, to: orders, max_messages: 200 }
          - name: purge
            conditions: [queue_missing]
            action: { type: rabbitmq_purge, url: "amqp://127.0.0.1", queue: orders.dlq }
        """);

    RedisCheck redis = (RedisCheck) cfg.targets().get(0).checks().getFirst();
    assertThat(redis.password()).isEqualTo("r3dis");
    assertThat(redis.endpoint().database()).isEqualTo(2);
    assertThat(redis.keyTtl()).isEqualTo(Duration.ofHours(2));
    assertThat(redis.queues()).containsExactly("jobs", "jobs:processing");
    assertThat(redis.rules()).extracting(ThresholdRule::toString).containsExactly(
        "memory_pct > 80 as redis_memory_high",
        "key_exists < 1 as stale_data",
        "key_age_seconds > 1800 as stale_data",
        "stalled_seconds_jobs >= 600 as stalled_queue",
        "stalled_seconds_jobs_processing >= 600 as stalled_queue",
        "stale_locks > 0 as stale_lock");
    assertThat(redis.toString()).doesNotContain("r3dis");

    RabbitMqCheck rabbit = (RabbitMqCheck) cfg.targets().get(1).checks().getFirst();
    assertThat(rabbit.name()).isEqualTo("rabbitmq");
    assertThat(rabbit.detectAlarms()).isFalse();
    assertThat(rabbit.rules()).extracting(ThresholdRule::toString).containsExactly(
        "stalled_seconds_orders >= 120 as stalled_queue", "stalled_seconds_orders_dlq >= 120 as stalled_queue");
    assertThat(rabbit.toString()).contains("app:***@").doesNotContain("amqp-pw");

    assertThat(cfg.strategies()).extracting(s -> (Object) s.action().getClass()).containsExactly(
        RedisDeleteStaleLocksAction.class, RedisDeleteKeysAction.class, RedisRequeueAction.class,
        RedisFlushDbAction.class, RabbitMqMoveDeadLettersAction.class, RabbitMqPurgeAction.class);
    assertThat(cfg.strategies()).extracting(s -> s.action().destructive())
        .containsExactly(false, false, false, true, false, true);
    assertThat(((RedisRequeueAction) cfg.strategies().get(2).action()).olderThan()).isEqualTo(Duration.ofMinutes(30));
    assertThat(cfg.strategies().get(3).action().toString()).doesNotContain("r3dis");
  }

  @Test
  void lockPatternWithoutMaxAgeIsReportedOnItsLine() {
    ConfigException.Problem p = problem("""
        targets:
          - name: cache
            checks:
              - type: redis
                url: redis://127.0.0.1:6379
                lock_pattern: "lock:*"
        """);

    assertThat(p.field()).startsWith("targets[0].checks[0]");
    assertThat(p.message()).contains("lock_pattern needs lock_max_age");
    assertThat(p.line()).isBetween(4, 6);
  }

  @Test
  void misspelledKeyOfARedisCheckIsUnknown() {
    ConfigException.Problem p = problem("""
        targets:
          - name: cache
            checks:
              - type: redis
                url: redis://127.0.0.1:6379
                lock_max_ages: 5m
        """);

    assertThat(p.line()).isEqualTo(6);
    assertThat(p.message()).contains("unknown key 'lock_max_ages'").contains("lock_max_age");
  }

  @Test
  void deletingEveryKeyNeedsToBeSaidOutLoud() {
    ConfigException.Problem p = problem("""
        targets:
          - name: cache
            checks:
              - type: redis
                url: redis://127.0.0.1:6379
        strategies:
          - name: wipe
            conditions: [redis_memory_high]
            action: { type: redis_delete_keys, url: "redis://127.0.0.1:6379", pattern: "*" }
        """);

    assertThat(p.message()).contains("pattern '*' matches every key; set allow_all_keys: true");
  }

  @Test
  void aBadPasswordInAnErrorMessageIsNeverEchoed() {
    ConfigException.Problem p = problem("""
        targets:
          - name: cache
            checks:
              - type: redis
                url: "redis://${REDIS_PASSWORD}@127.0.0.1:6379"
        """);

    assertThat(p.message()).contains("write the password after a colon").doesNotContain("r3dis");
    assertThat(List.of(p.toString())).noneMatch(s -> s.contains("r3dis"));
  }
}

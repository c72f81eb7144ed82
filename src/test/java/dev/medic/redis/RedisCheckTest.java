package dev.medic.redis;

import dev.medic.spi.Bindings;
import dev.medic.spi.MetricNames;
import dev.medic.spi.Probe;
import dev.medic.spi.ProbeContext;
import dev.medic.spi.ProbeResult;
import dev.medic.spi.Status;
import static dev.medic.support.OwnRules.conditions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.medic.spi.ThresholdRule;
import dev.medic.support.RealServices;
import dev.medic.support.RedisScratch;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.params.XReadGroupParams;

/** The redis check against the real Redis on 127.0.0.1:6379, each test in its own key prefix. */
class RedisCheckTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private final RedisScratch redis = new RedisScratch();
  private final ProbeContext ctx = new ProbeContext("t", Clock.systemUTC(), Bindings.none());

  @BeforeAll
  static void needsRedis() {
    RealServices.requireRedis();
  }

  @AfterEach
  void cleanUp() {
    redis.close();
  }

  private RedisCheck check(String key, Duration keyTtl, Duration maxKeyAge, List<String> queues,
      Duration stalledAfter, String lockPattern, Duration lockMaxAge, Duration lockTtl) {
    return new RedisCheck(null, null, null, RedisScratch.URL, null, key, keyTtl, maxKeyAge, queues,
        stalledAfter, lockPattern, lockMaxAge, lockTtl, null);
  }

  @Test
  void reachableServerIsUpWithPingAndMemoryAndNoConditions() throws Exception {
    RedisCheck spec = check(null, null, null, null, null, null, null, null);
    ProbeResult r = spec.create(ctx).run(TIMEOUT);

    assertThat(r.status()).isEqualTo(Status.UP);
    assertThat(r.metrics()).containsKeys("ping_ms", "used_memory", "maxmemory");
    assertThat(r.metrics().get("used_memory")).isPositive();
    if (r.metrics().get("maxmemory") > 0) {
      assertThat(r.metrics()).containsKey("memory_pct");
    } else {
      assertThat(r.metrics()).doesNotContainKey("memory_pct");
    }
    assertThat(spec.rules()).extracting(ThresholdRule::toString)
        .containsExactly("memory_pct > 90 as redis_memory_high");
    assertThat(conditions(spec, r)).isEmpty();
  }

  @Test
  void missingFreshnessKeyIsStaleData() throws Exception {
    RedisCheck spec = check(redis.key("last_import"), null, Duration.ofHours(1), null, null, null, null, null);
    ProbeResult r = spec.create(ctx).run(TIMEOUT);

    assertThat(r.status()).isEqualTo(Status.UP);
    assertThat(r.metrics()).containsEntry("key_exists", 0.0).doesNotContainKey("key_age_seconds");
    assertThat(r.message()).contains("last_import is missing");
    assertThat(conditions(spec, r)).containsExactly("stale_data");
  }

  @Test
  void freshnessKeyHoldingAnOldTimestampIsStaleDataAndAFreshOneIsNot() throws Exception {
    String key = redis.key("last_import");
    RedisCheck spec = check(key, null, Duration.ofHours(1), null, null, null, null, null);
    Probe probe = spec.create(ctx);

    redis.jedis.set(key, Long.toString(Instant.now().minus(Duration.ofHours(2)).getEpochSecond()));
    ProbeResult old = probe.run(TIMEOUT);
    assertThat(old.metrics().get("key_age_seconds")).isBetween(7190.0, 7300.0);
    assertThat(old.metrics()).containsEntry("key_exists", 1.0).doesNotContainKey("key_ttl_seconds");
    assertThat(conditions(spec, old)).containsExactly("stale_data");

    redis.jedis.set(key, Instant.now().toString()); // ISO-8601 works as well as epoch numbers
    ProbeResult fresh = probe.run(TIMEOUT);
    assertThat(fresh.metrics().get("key_age_seconds")).isLessThan(60.0);
    assertThat(conditions(spec, fresh)).isEmpty();
  }

  @Test
  void freshnessKeyWithoutTimestampIsAgedByTheTtlItsWriterSets() throws Exception {
    String key = redis.key("heartbeat");
    RedisCheck spec = check(key, Duration.ofMinutes(10), Duration.ofMinutes(5), null, null, null, null, null);
    Probe probe = spec.create(ctx);

    redis.jedis.set(key, "alive", SetParams.setParams().px(Duration.ofMinutes(1).toMillis())); // written 9 min ago
    ProbeResult old = probe.run(TIMEOUT);
    assertThat(old.metrics().get("key_ttl_seconds")).isBetween(50.0, 60.0);
    assertThat(old.metrics().get("key_age_seconds")).isBetween(540.0, 550.0);
    assertThat(conditions(spec, old)).containsExactly("stale_data");

    redis.jedis.set(key, "alive", SetParams.setParams().px(Duration.ofMinutes(10).toMillis()));
    assertThat(conditions(spec, probe.run(TIMEOUT))).isEmpty();
  }

  @Test
  void stalledListRaisesStalledQueueWhileADrainingOneDoesNot() {
    String stuck = redis.key("jobs:stuck");
    String busy = redis.key("jobs:busy");
    for (int i = 0; i < 100; i++) {
      redis.jedis.lpush(stuck, "job-" + i);
      redis.jedis.lpush(busy, "job-" + i);
    }
    RedisCheck spec = check(null, null, null, List.of(stuck, busy), Duration.ofSeconds(1), null, null, null);
    Probe probe = spec.create(ctx);
    String stuckSuffix = MetricNames.suffix(stuck);
    String busySuffix = MetricNames.suffix(busy);
    AtomicReference<ProbeResult> last = new AtomicReference<>();

    // A worker takes from the busy queue between runs; nobody takes from the stuck one.
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(150)).until(() -> {
      redis.jedis.rpop(busy);
      ProbeResult r = probe.run(TIMEOUT);
      last.set(r);
      assertThat(r.metrics().get("stalled_seconds_" + busySuffix)).isZero();
      return conditions(spec, r).contains("stalled_queue");
    });

    ProbeResult r = last.get();
    assertThat(r.metrics()).containsEntry("queue_depth_" + stuckSuffix, 100.0);
    assertThat(r.metrics().get("stalled_seconds_" + stuckSuffix)).isGreaterThanOrEqualTo(1.0);
    assertThat(r.metrics().get("queue_depth_" + busySuffix)).isLessThan(100.0);
    assertThat(r.message()).contains(stuck + " 100 (not going down for");
    assertThat(spec.rules()).extracting(ThresholdRule::toString)
        .contains("stalled_seconds_" + stuckSuffix + " >= 1 as stalled_queue");

    redis.jedis.del(stuck); // emptied: no longer stalled
    assertThat(conditions(spec, probeAgain(probe))).doesNotContain("stalled_queue");
  }

  private static ProbeResult probeAgain(Probe probe) {
    try {
      return probe.run(TIMEOUT);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void streamDepthWithAConsumerGroupIsItsUndeliveredPlusUnacknowledgedEntries() throws Exception {
    String stream = redis.key("events");
    for (int i = 0; i < 3; i++) {
      redis.jedis.xadd(stream, StreamEntryID.NEW_ENTRY, Map.of("n", Integer.toString(i)));
    }
    RedisCheck spec = check(null, null, null, List.of(stream), null, null, null, null);
    Probe probe = spec.create(ctx);
    String depth = "queue_depth_" + MetricNames.suffix(stream);

    assertThat(probe.run(TIMEOUT).metrics()).containsEntry(depth, 3.0); // no group yet: its length

    redis.jedis.xgroupCreate(stream, "workers", new StreamEntryID(0, 0), false);
    var read = redis.jedis.xreadGroup("workers", "w1", XReadGroupParams.xReadGroupParams().count(2),
        Map.of(stream, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
    assertThat(probe.run(TIMEOUT).metrics()).containsEntry(depth, 3.0); // 1 undelivered + 2 pending

    List<StreamEntryID> ids = read.getFirst().getValue().stream().map(e -> e.getID()).toList();
    redis.jedis.xack(stream, "workers", ids.toArray(StreamEntryID[]::new));
    assertThat(probe.run(TIMEOUT).metrics()).containsEntry(depth, 1.0);
  }

  @Test
  void queueKeyOfAnotherTypeIsARedisError() throws Exception {
    String key = redis.key("not-a-queue");
    redis.jedis.hset(key, "a", "1");
    ProbeResult r = check(null, null, null, List.of(key), null, null, null, null).create(ctx).run(TIMEOUT);

    assertThat(r.status()).isEqualTo(Status.DOWN);
    assertThat(r.condition()).isEqualTo("redis_error");
    assertThat(r.message()).contains("is a hash, expected a list, stream, set or sorted set");
  }

  @Test
  void locksOlderThanTheLimitAreCountedByTimestampOrByTtlAndOthersAreNot() throws Exception {
    long now = Instant.now().getEpochSecond();
    redis.jedis.set(redis.key("lock:ts-old"), Long.toString(now - 7200));
    redis.jedis.set(redis.key("lock:ts-fresh"), Long.toString(now));
    redis.jedis.set(redis.key("lock:ttl-old"), "worker-1", SetParams.setParams().px(60_000)); // taken 9 min ago
    redis.jedis.set(redis.key("lock:ttl-fresh"), "worker-2", SetParams.setParams().px(590_000));
    redis.jedis.set(redis.key("lock:unknown"), "1"); // no TTL, no timestamp: never called stale
    redis.jedis.set(redis.key("other"), Long.toString(now - 7200));
    RedisCheck spec = check(null, null, null, null, null, redis.key("lock:*"), Duration.ofMinutes(5),
        Duration.ofMinutes(10));

    ProbeResult r = spec.create(ctx).run(TIMEOUT);

    assertThat(r.status()).isEqualTo(Status.UP);
    assertThat(r.metrics()).containsEntry("locks", 5.0).containsEntry("stale_locks", 2.0)
        .containsEntry("locks_unknown_age", 1.0);
    assertThat(r.metrics().get("oldest_lock_seconds")).isBetween(7190.0, 7300.0);
    assertThat(r.message()).contains("5 locks, 2 stale").contains("lock:ts-old").contains("lock:ttl-old");
    assertThat(conditions(spec, r)).containsExactly("stale_lock");
  }

  @Test
  void closedPortIsARedisConnectionErrorThatNeverShowsThePassword() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    RedisCheck spec = new RedisCheck("cache", null, null, "redis://:s3cret@127.0.0.1:" + port + "/0", null,
        null, null, null, null, null, null, null, null, null);
    ProbeResult r = spec.create(ctx).run(TIMEOUT);

    assertThat(r.status()).isEqualTo(Status.DOWN);
    assertThat(r.condition()).isEqualTo("redis_connection_error");
    assertThat(r.message()).contains("127.0.0.1:" + port).doesNotContain("s3cret");
    assertThat(spec.toString()).contains(":***@").doesNotContain("s3cret");
    RedisCheck withKey = new RedisCheck("cache", null, null, RedisScratch.URL, "hunter2",
        null, null, null, null, null, null, null, null, null);
    assertThat(withKey.toString()).doesNotContain("hunter2");
  }

  @Test
  void invalidSettingsNameTheProblem() {
    assertThatThrownBy(() -> check(null, null, null, null, null, "lock:*", null, null))
        .hasMessageContaining("lock_pattern needs lock_max_age");
    assertThatThrownBy(() -> check(null, null, null, null, null, "lock:*", Duration.ofMinutes(10), Duration.ofMinutes(5)))
        .hasMessageContaining("lock_max_age (10m) must be less than lock_ttl (5m)");
    assertThatThrownBy(() -> check(null, null, null, List.of("jobs.a", "jobs-a"), null, null, null, null))
        .hasMessageContaining("'jobs.a' and 'jobs-a' both become metric suffix 'jobs_a'");
    assertThatThrownBy(() -> new RedisCheck(null, null, null, "http://127.0.0.1:6379", null,
        null, null, null, null, null, null, null, null, null))
        .hasMessageContaining("url must look like redis://host:6379/0");
    assertThatThrownBy(() -> new RedisCheck(null, null, null, "redis://s3cret@127.0.0.1:6379", null,
        null, null, null, null, null, null, null, null, null))
        .hasMessageContaining("write the password after a colon").hasMessageNotContaining("s3cret");
  }

  @Test
  void probeHoldsNoConnectionBetweenRuns() {
    // One short-lived connection per run: the server's client list shows no medic client afterwards.
    RedisCheck spec = check(null, null, null, null, null, null, null, null);
    probeAgain(spec.create(ctx));
    await().atMost(Duration.ofSeconds(2)).until(() -> !redis.jedis.clientList().contains(" name=medic "));
  }
}

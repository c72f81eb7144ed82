package dev.medic.redis;

import dev.medic.spi.Bindings;
import dev.medic.spi.ActionSpec;
import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import dev.medic.support.RealServices;
import dev.medic.support.RedisScratch;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/** The Redis actions against the real Redis on 127.0.0.1:6379, each test in its own key prefix. */
class RedisActionsTest {

  private final RedisScratch redis = new RedisScratch();
  private final ActionContext ctx = new ActionContext(Incident.open("cache", "stale_lock", Severity.WARNING, "msg", Instant.now()).withId(1), Bindings.none());

  @BeforeAll
  static void needsRedis() {
    RealServices.requireRedis();
  }

  @AfterEach
  void cleanUp() {
    redis.close();
  }

  @Test
  void deletesOnlyLocksOlderThanTheLimitAndReportsThem() {
    long now = Instant.now().getEpochSecond();
    redis.jedis.set(redis.key("lock:crashed-worker"), Long.toString(now - 7200));
    redis.jedis.set(redis.key("lock:busy-worker"), Long.toString(now - 30));
    redis.jedis.set(redis.key("lock:by-ttl-old"), "token-a", SetParams.setParams().px(60_000)); // 9 min old
    redis.jedis.set(redis.key("lock:by-ttl-fresh"), "token-b", SetParams.setParams().px(595_000));
    redis.jedis.set(redis.key("lock:unknown"), "token-c");
    var action = new RedisDeleteStaleLocksAction(RedisScratch.URL, null, redis.key("lock:*"),
        Duration.ofMinutes(5), Duration.ofMinutes(10), null, null);

    ActionOutcome outcome = action.run(ctx);

    assertThat(outcome.ok()).isTrue();
    assertThat(outcome.detail())
        .startsWith("deleted 2 stale locks matching '" + redis.key("lock:*") + "' older than 5m: ")
        .contains(redis.key("lock:crashed-worker") + " (age 72")
        .contains(redis.key("lock:by-ttl-old") + " (age 54")
        .contains("kept 2 fresh, 1 of unknown age");
    assertThat(redis.jedis.exists(redis.key("lock:crashed-worker"))).isFalse();
    assertThat(redis.jedis.exists(redis.key("lock:by-ttl-old"))).isFalse();
    assertThat(redis.jedis.get(redis.key("lock:busy-worker"))).isEqualTo(Long.toString(now - 30));
    assertThat(redis.jedis.get(redis.key("lock:by-ttl-fresh"))).isEqualTo("token-b");
    assertThat(redis.jedis.get(redis.key("lock:unknown"))).isEqualTo("token-c");

    ActionOutcome again = action.run(ctx);
    assertThat(again.result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    assertThat(again.detail()).startsWith("deleted 0 stale locks matching '" + redis.key("lock:*")
        + "' older than 5m; kept 2 fresh, 1 of unknown age: ")
        .contains(redis.key("lock:busy-worker") + " (age 3")
        .contains(redis.key("lock:unknown") + " (age unknown)");
  }

  @Test
  void staleLockPlanNamesTheLocksItWouldDeleteAndKeepAndDeletesNone() {
    long now = Instant.now().getEpochSecond();
    redis.jedis.set(redis.key("lock:crashed"), Long.toString(now - 7200));
    redis.jedis.set(redis.key("lock:busy"), Long.toString(now - 30));
    var action = new RedisDeleteStaleLocksAction(RedisScratch.URL, null, redis.key("lock:*"),
        Duration.ofMinutes(5), null, null, null);

    ActionOutcome plan = action.plan(ctx);

    assertThat(plan.result()).isEqualTo(ActionOutcome.Result.OK);
    assertThat(plan.detail()).startsWith("would delete 1 stale lock matching '" + redis.key("lock:*")
        + "' older than 5m: " + redis.key("lock:crashed") + " (age 72")
        .contains("s); would keep 1 fresh: " + redis.key("lock:busy") + " (age 3")
        .endsWith("s)");
    assertThat(redis.jedis.exists(redis.key("lock:crashed"))).isTrue();
    assertThat(redis.jedis.exists(redis.key("lock:busy"))).isTrue();

    redis.jedis.del(redis.key("lock:crashed"));
    ActionOutcome none = action.plan(ctx);
    assertThat(none.result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    assertThat(none.detail()).startsWith("would delete 0 stale locks matching '" + redis.key("lock:*")
        + "' older than 5m; would keep 1 fresh: " + redis.key("lock:busy"));
    ActionOutcome nothing = new RedisDeleteStaleLocksAction(RedisScratch.URL, null, redis.key("none:*"),
        Duration.ofMinutes(5), null, null, null).run(ctx);
    assertThat(nothing.result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    assertThat(nothing.detail()).isEqualTo("deleted 0 stale locks: no key matches '" + redis.key("none:*") + "'");
  }

  @Test
  void lockReleasedAndRetakenBetweenTheLookAndTheDeleteIsKept() {
    String byValue = redis.key("lock:by-value");
    String byTtl = redis.key("lock:by-ttl");
    redis.jedis.set(byValue, Long.toString(Instant.now().getEpochSecond() - 7200));
    redis.jedis.set(byTtl, "token-a", SetParams.setParams().px(60_000));
    var action = new RedisDeleteStaleLocksAction(RedisScratch.URL, null, redis.key("lock:*"),
        Duration.ofMinutes(5), Duration.ofMinutes(10), null, null);
    List<KeyScan.Found> looked = KeyScan.inspect(redis.jedis, List.of(byValue, byTtl), Duration.ofMinutes(10), Instant.now());
    assertThat(looked).allMatch(l -> l.olderThan(Duration.ofMinutes(5)));

    // Another worker takes both locks anew: a new timestamp; the same token with a fresh TTL.
    redis.jedis.set(byValue, Long.toString(Instant.now().getEpochSecond()));
    redis.jedis.set(byTtl, "token-a", SetParams.setParams().px(600_000));

    assertThat(looked).noneMatch(l -> action.deleteIfUnchanged(redis.jedis, l));
    assertThat(redis.jedis.exists(byValue)).isTrue();
    assertThat(redis.jedis.exists(byTtl)).isTrue();
  }

  @Test
  void staleLocksAreDeletedAtMostMaxKeysPerRun() {
    long old = Instant.now().getEpochSecond() - 7200;
    for (int i = 0; i < 5; i++) {
      redis.jedis.set(redis.key("lock:" + i), Long.toString(old));
    }
    var action = new RedisDeleteStaleLocksAction(RedisScratch.URL, null, redis.key("lock:*"),
        Duration.ofMinutes(5), null, 3, null);

    assertThat(action.run(ctx).detail()).startsWith("deleted 3 stale locks")
        .endsWith("max_keys 3 reached, 2 more stale locks remain");
    assertThat(action.run(ctx).detail()).startsWith("deleted 2 stale locks");
  }

  @Test
  void deleteKeysRemovesMatchingKeysUpToMaxKeysAndNothingElse() {
    for (int i = 0; i < 25; i++) {
      redis.jedis.set(redis.key("cache:" + i), "v");
    }
    redis.jedis.set(redis.key("session:1"), "keep");
    var action = new RedisDeleteKeysAction(RedisScratch.URL, null, redis.key("cache:*"), 10, null, null);

    ActionOutcome first = action.run(ctx);

    assertThat(first.ok()).isTrue();
    assertThat(first.detail()).startsWith("deleted 10 keys matching '" + redis.key("cache:*") + "': ")
        .endsWith("max_keys 10 reached, more may remain");
    assertThat(countCacheKeys()).isEqualTo(15);
    assertThat(action.run(ctx).detail()).startsWith("deleted 10 keys");
    assertThat(action.run(ctx).detail()).startsWith("deleted 5 keys").doesNotContain("more may remain");
    assertThat(countCacheKeys()).isZero();
    assertThat(redis.jedis.get(redis.key("session:1"))).isEqualTo("keep");
    assertThat(action.destructive()).isFalse();

    ActionOutcome none = action.run(ctx);
    assertThat(none.result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    assertThat(none.detail()).isEqualTo("deleted 0 keys: no key matches '" + redis.key("cache:*") + "'");
  }

  @Test
  void deleteKeysPlanNamesTheKeysItWouldDeleteAndDeletesNone() {
    redis.jedis.set(redis.key("cache:a"), "1");
    redis.jedis.set(redis.key("cache:b"), "2");
    redis.jedis.set(redis.key("session:1"), "keep");
    var action = new RedisDeleteKeysAction(RedisScratch.URL, null, redis.key("cache:*"), null, null, null);

    ActionOutcome plan = action.plan(ctx);

    assertThat(plan.result()).isEqualTo(ActionOutcome.Result.OK);
    assertThat(plan.detail()).startsWith("would delete 2 keys matching '" + redis.key("cache:*") + "': ")
        .contains(redis.key("cache:a")).contains(redis.key("cache:b")).doesNotContain("session");
    assertThat(countCacheKeys()).isEqualTo(2);
    ActionOutcome none = new RedisDeleteKeysAction(RedisScratch.URL, null, redis.key("gone:*"), null, null, null)
        .plan(ctx);
    assertThat(none.result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    assertThat(none.detail()).isEqualTo("would delete no key: no key matches '" + redis.key("gone:*") + "'");
  }

  private long countCacheKeys() {
    return redis.jedis.keys(redis.key("cache:*")).size(); // fine in a test, on a handful of keys
  }

  @Test
  void deleteKeysRefusesAPatternMatchingEveryKeyUnlessAllowedAndThenIsDestructive() {
    assertThatThrownBy(() -> new RedisDeleteKeysAction(RedisScratch.URL, null, "*", null, null, null))
        .hasMessageContaining("pattern '*' matches every key; set allow_all_keys: true");
    var all = new RedisDeleteKeysAction(RedisScratch.URL, null, "*", null, true, null);
    assertThat(all.destructive()).isTrue(); // never run here: it would empty the shared server
  }

  @Test
  void flushDbEmptiesOnlyItsOwnDatabaseAndCountsTheKeys() {
    int db = 15;
    try (Jedis other = new Jedis(new HostAndPort("127.0.0.1", 6379),
        DefaultJedisClientConfig.builder().database(db).autoNegotiateProtocol(false).build())) {
      Assumptions.assumeTrue(other.dbSize() == 0,
          "database " + db + " holds someone else's keys; not flushing it");
      other.set(redis.key("a"), "1");
      other.set(redis.key("b"), "2");
      other.set(redis.key("c"), "3");
      redis.jedis.set(redis.key("db0"), "survives");
      var action = new RedisFlushDbAction("redis://127.0.0.1:6379/" + db, null, null);

      assertThat(action.destructive()).isTrue();
      assertThat(action.describe(ctx)).isEqualTo("redis_flushdb database 15 on redis://127.0.0.1:6379/15");
      ActionOutcome plan = action.plan(ctx);
      assertThat(plan.result()).isEqualTo(ActionOutcome.Result.OK);
      assertThat(plan.detail()).isEqualTo("would flush database 15 of 127.0.0.1:6379: 3 keys");
      assertThat(other.dbSize()).isEqualTo(3);
      ActionOutcome outcome = action.run(ctx);

      assertThat(outcome.ok()).isTrue();
      assertThat(outcome.detail()).isEqualTo("flushed database 15 of 127.0.0.1:6379: 3 keys deleted");
      assertThat(other.dbSize()).isZero();
      assertThat(redis.jedis.get(redis.key("db0"))).isEqualTo("survives");

      ActionOutcome empty = action.run(ctx);
      assertThat(empty.result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
      assertThat(empty.detail()).isEqualTo("database 15 of 127.0.0.1:6379 holds no key: nothing flushed");
      assertThat(action.plan(ctx).detail()).isEqualTo("would flush nothing: database 15 of 127.0.0.1:6379 holds no key");
    }
  }

  @Test
  void requeueMovesIdsFromAProcessingListBackOntoTheQueueAndReportsThem() {
    String processing = redis.key("jobs:processing");
    String queue = redis.key("jobs");
    redis.jedis.lpush(queue, "doc-9");
    for (int i = 1; i <= 5; i++) {
      redis.jedis.lpush(processing, "doc-" + i); // doc-1 oldest, at the right
    }
    var action = new RedisRequeueAction(RedisScratch.URL, null, processing, queue, 3, null, null);

    ActionOutcome first = action.run(ctx);

    assertThat(first.ok()).isTrue();
    assertThat(first.detail()).isEqualTo("requeued 3 items from list '" + processing + "' to '" + queue
        + "': doc-1, doc-2, doc-3; 2 left in '" + processing + "'; max_items 3 reached");
    assertThat(redis.jedis.lrange(queue, 0, -1)).containsExactly("doc-3", "doc-2", "doc-1", "doc-9");
    assertThat(redis.jedis.lrange(processing, 0, -1)).containsExactly("doc-5", "doc-4");

    assertThat(action.run(ctx).detail()).startsWith("requeued 2 items").endsWith("doc-4, doc-5; 0 left in '" + processing + "'");
    assertThat(redis.jedis.exists(processing)).isFalse();
    assertThat(redis.jedis.llen(queue)).isEqualTo(6);
    ActionOutcome none = action.run(ctx);
    assertThat(none.result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    assertThat(none.detail()).isEqualTo("requeued 0 items: '" + processing + "' does not exist (nothing stuck)");
  }

  @Test
  void requeueTakesIdsFromASetOrOnlyTheOldOnesFromASortedSet() {
    String queue = redis.key("jobs");
    String failed = redis.key("jobs:failed");
    redis.jedis.sadd(failed, "a", "b", "c");
    ActionOutcome fromSet = new RedisRequeueAction(RedisScratch.URL, null, failed, queue, null, null, null).run(ctx);
    assertThat(fromSet.detail()).startsWith("requeued 3 items from set '" + failed + "'");
    assertThat(Set.copyOf(redis.jedis.lrange(queue, 0, -1))).containsExactlyInAnyOrder("a", "b", "c");

    String started = redis.key("jobs:started");
    double now = Instant.now().getEpochSecond();
    redis.jedis.zadd(started, now - 3600, "stuck-1");
    redis.jedis.zadd(started, now - 1900, "stuck-2");
    redis.jedis.zadd(started, now - 5, "running");
    ActionOutcome fromZset = new RedisRequeueAction(RedisScratch.URL, null, started, queue, null,
        Duration.ofMinutes(30), null).run(ctx);
    assertThat(fromZset.detail()).isEqualTo(
        "requeued 2 items from sorted set '" + started + "' to '" + queue + "': stuck-1, stuck-2; 1 left in '"
        + started + "' (1 started less than 30m ago)");
    assertThat(redis.jedis.zrange(started, 0, -1)).containsExactly("running");

    ActionOutcome none = new RedisRequeueAction(RedisScratch.URL, null, started, queue, null,
        Duration.ofMinutes(30), null).run(ctx);
    assertThat(none.result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    assertThat(none.detail()).isEqualTo("requeued 0 items from sorted set '" + started + "' to '" + queue
        + "'; 1 left in '" + started + "' (1 started less than 30m ago)");
  }

  @Test
  void requeuePlanNamesTheIdsARunWouldMoveInItsOrderAndMovesNone() {
    String processing = redis.key("jobs:processing");
    String queue = redis.key("jobs");
    for (int i = 1; i <= 5; i++) {
      redis.jedis.lpush(processing, "doc-" + i);
    }
    var action = new RedisRequeueAction(RedisScratch.URL, null, processing, queue, 3, null, null);

    ActionOutcome plan = action.plan(ctx);

    assertThat(plan.result()).isEqualTo(ActionOutcome.Result.OK);
    assertThat(plan.detail()).isEqualTo("would requeue 3 items from list '" + processing + "' to '" + queue
        + "': doc-1, doc-2, doc-3; 2 left in '" + processing + "'; max_items 3 reached");
    assertThat(redis.jedis.lrange(processing, 0, -1)).containsExactly("doc-5", "doc-4", "doc-3", "doc-2", "doc-1");
    assertThat(redis.jedis.exists(queue)).isFalse();
    assertThat(action.run(ctx).detail()).isEqualTo(plan.detail().replace("would requeue", "requeued"));

    String failed = redis.key("jobs:failed");
    redis.jedis.sadd(failed, "a", "b", "c");
    ActionOutcome sample = new RedisRequeueAction(RedisScratch.URL, null, failed, queue, 2, null, null).plan(ctx);
    assertThat(sample.detail()).startsWith("would requeue 2 items from set '" + failed + "' to '" + queue
        + "', picked at random by SPOP, such as: ").endsWith("; 1 left in '" + failed + "'; max_items 2 reached");
    assertThat(redis.jedis.scard(failed)).isEqualTo(3);

    ActionOutcome missing = new RedisRequeueAction(RedisScratch.URL, null, redis.key("nothing"), queue, null, null,
        null).plan(ctx);
    assertThat(missing.result()).isEqualTo(ActionOutcome.Result.NO_EFFECT);
    assertThat(missing.detail()).isEqualTo("would requeue 0 items: '" + redis.key("nothing") + "' does not exist (nothing stuck)");
  }

  @Test
  void requeueRefusesWrongTypesBeforeMovingAnything() {
    String queue = redis.key("jobs");
    String processing = redis.key("jobs:processing");
    redis.jedis.set(queue, "not a list");
    redis.jedis.lpush(processing, "doc-1");

    ActionOutcome outcome = new RedisRequeueAction(RedisScratch.URL, null, processing, queue, null, null, null).run(ctx);

    assertThat(outcome.ok()).isFalse();
    assertThat(outcome.detail()).contains("to is a string, expected a list");
    assertThat(redis.jedis.lrange(processing, 0, -1)).containsExactly("doc-1");

    ActionOutcome olderThanOnList = new RedisRequeueAction(RedisScratch.URL, null, processing, redis.key("q2"),
        null, Duration.ofMinutes(5), null).run(ctx);
    assertThat(olderThanOnList.ok()).isFalse();
    assertThat(olderThanOnList.detail()).contains("older_than needs from to be a sorted set");
  }

  @Test
  void actionsOnAClosedPortFailWithTheReasonAndWithoutThePassword() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "redis://:s3cret@127.0.0.1:" + port + "/0";
    List<ActionSpec> actions = List.of(
        new RedisDeleteStaleLocksAction(url, null, "lock:*", Duration.ofMinutes(5), null, null, Duration.ofSeconds(1)),
        new RedisDeleteKeysAction(url, null, "cache:*", null, null, Duration.ofSeconds(1)),
        new RedisRequeueAction(url, null, "a", "b", null, null, Duration.ofSeconds(1)),
        new RedisFlushDbAction(url, null, Duration.ofSeconds(1)));
    for (ActionSpec action : actions) {
      ActionOutcome outcome = action.run(ctx);
      assertThat(outcome.ok()).as(action.describe(ctx)).isFalse();
      assertThat(outcome.detail()).contains("127.0.0.1:" + port).doesNotContain("s3cret");
      assertThat(action.describe(ctx)).doesNotContain("s3cret");
      assertThat(action.toString()).doesNotContain("s3cret");
    }
  }
}

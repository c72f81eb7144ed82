package dev.medic.redis;

import dev.medic.spi.ActionContext;
import dev.medic.spi.Bindings;
import dev.medic.spi.ActionOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import dev.medic.spi.ProbeContext;
import dev.medic.spi.ProbeResult;
import dev.medic.spi.Status;
import dev.medic.support.RealServices;
import dev.medic.support.RedisScratch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ACLs that docs/data-tier/redis.md recommends, applied to a real Redis user: the check and the
 * stale-lock cleanup work with exactly these grants, and nothing outside the granted keys is reached.
 */
class RedisLeastPrivilegeTest {

  private final RedisScratch redis = new RedisScratch();
  private final String user = "medic-test-" + redis.prefix.split(":")[1];

  @BeforeAll
  static void needsRedis() {
    RealServices.requireRedis();
  }

  @AfterEach
  void cleanUp() {
    redis.jedis.aclDelUser(user);
    redis.close();
  }

  @Test
  void checkAndStaleLockCleanupWorkWithTheDocumentedGrants() throws Exception {
    String p = redis.prefix;
    // As documented: read-only commands on the watched keys, plus EVAL and DEL on the locks.
    redis.jedis.aclSetUser(user, "on", ">pw", "resetkeys", "-@all",
        "+ping", "+info", "+client|setname", "+scan", "+type", "+pttl", "+getrange",
        "+llen", "+scard", "+zcard", "+xlen", "+xinfo|groups",
        "%R~" + p + "heartbeat", "%R~" + p + "jobs", "%R~" + p + "lock:*",
        "+eval", "+del", "%W~" + p + "lock:*");
    redis.jedis.set(p + "heartbeat", Long.toString(Instant.now().getEpochSecond()));
    redis.jedis.lpush(p + "jobs", "a", "b");
    redis.jedis.set(p + "lock:dead", Long.toString(Instant.now().getEpochSecond() - 7200));
    redis.jedis.set(p + "lock:live", Long.toString(Instant.now().getEpochSecond()));
    String url = "redis://" + user + ":pw@127.0.0.1:6379/0";

    RedisCheck check = new RedisCheck(null, null, null, url, null, p + "heartbeat", null, Duration.ofHours(1),
        List.of(p + "jobs"), null, p + "lock:*", Duration.ofMinutes(10), null, null);
    ProbeResult result = check.create(new ProbeContext("t", Clock.systemUTC(), Bindings.none()))
        .run(Duration.ofSeconds(2));
    assertThat(result.status()).as(result.message()).isEqualTo(Status.UP);
    assertThat(result.metrics()).containsEntry("key_exists", 1.0).containsEntry("stale_locks", 1.0);

    ActionOutcome outcome = new RedisDeleteStaleLocksAction(url, null, p + "lock:*", Duration.ofMinutes(10), null,
        null, null).run(new ActionContext(Incident.open("t", "stale_lock", Severity.WARNING, "m", Instant.now()).withId(1), Bindings.none()));
    assertThat(outcome.ok()).as(outcome.detail()).isTrue();
    assertThat(outcome.detail()).startsWith("deleted 1 stale lock");
    assertThat(redis.jedis.exists(p + "lock:live")).isTrue();

    // Keys outside the grants stay out of reach: the same user cannot delete the heartbeat.
    ActionOutcome denied = new RedisDeleteKeysAction(url, null, p + "heartbeat", null, null, null).run(
        new ActionContext(Incident.open("t", "x", Severity.WARNING, "m", Instant.now()).withId(2), Bindings.none()));
    assertThat(denied.ok()).isFalse();
    assertThat(denied.detail()).containsIgnoringCase("permission");
  }
}

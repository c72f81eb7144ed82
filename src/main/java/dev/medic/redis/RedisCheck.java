package dev.medic.redis;

import dev.medic.spi.CheckSpec;
import dev.medic.spi.MetricNames;
import dev.medic.spi.Probe;
import dev.medic.spi.ProbeContext;
import dev.medic.spi.Durations;
import dev.medic.config.Redact;
import dev.medic.spi.ThresholdRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Watches a Redis server: reachability and memory always; optionally a freshness key, work queues
 * (lists, streams, sets, sorted sets) and locks. Read-only: SCAN, never KEYS; only the first bytes
 * of a value are ever read.
 *
 * <p>Conditions: {@code redis_connection_error} (DOWN: cannot connect, log in or talk to the
 * server), {@code redis_error} (DOWN: the server refused a command, such as a queue key of an
 * unsupported type). Rules it brings: {@code memory_pct > memory_limit_pct as redis_memory_high};
 * with {@code key}: {@code key_exists < 1 as stale_data} and, with {@code max_key_age}, {@code
 * key_age_seconds > max_key_age as stale_data}; per queue {@code stalled_seconds_<queue> >=
 * stalled_after as stalled_queue}; with {@code lock_pattern}: {@code stale_locks > 0 as
 * stale_lock}.
 *
 * @param password overrides a password in the URL (use {@code ${ENV}}); never printed
 * @param key a key the application rewrites regularly (a heartbeat, the last import's time)
 * @param keyTtl the TTL the writer sets on {@code key} at each write, when its value is no
 *     timestamp: the age is then this minus the TTL left
 * @param maxKeyAge older than this is stale data
 * @param queues keys of work queues (list, stream, set or sorted set)
 * @param stalledAfter how long a queue may hold items without going down (default 5m)
 * @param lockPattern glob of lock keys, like {@code lock:*}
 * @param lockMaxAge a lock older than this is stale (required with {@code lock_pattern})
 * @param lockTtl the TTL locks are taken with, for locks whose value is no timestamp
 * @param memoryLimitPct percent of {@code maxmemory} above which memory is high (default 90)
 */
public record RedisCheck(
    String name,
    Duration interval,
    Duration timeout,
    String url,
    String password,
    String key,
    Duration keyTtl,
    Duration maxKeyAge,
    List<String> queues,
    Duration stalledAfter,
    String lockPattern,
    Duration lockMaxAge,
    Duration lockTtl,
    Double memoryLimitPct)
    implements CheckSpec {

  public RedisCheck {
    name = name == null ? "redis" : name;
    RedisEndpoint.of(url, password); // validates the URL now, not at the first run
    if (key != null && key.isEmpty()) {
      throw new IllegalArgumentException("key must not be empty");
    }
    if (key == null && (keyTtl != null || maxKeyAge != null)) {
      throw new IllegalArgumentException("key_ttl and max_key_age need a key to watch");
    }
    Durations.requirePositive("max_key_age", maxKeyAge);
    Durations.requirePositive("key_ttl", keyTtl);
    if (keyTtl != null && maxKeyAge != null && maxKeyAge.compareTo(keyTtl) >= 0) {
      throw new IllegalArgumentException("max_key_age (" + Durations.format(maxKeyAge)
          + ") must be less than key_ttl (" + Durations.format(keyTtl)
          + "): the key expires before it could be called old, and a missing key is stale anyway");
    }
    queues = queues == null ? List.of() : List.copyOf(queues);
    MetricNames.suffixes("queues", queues);
    stalledAfter = stalledAfter == null ? Duration.ofMinutes(5) : stalledAfter;
    Durations.requirePositive("stalled_after", stalledAfter);
    if (lockPattern != null && lockPattern.isBlank()) {
      throw new IllegalArgumentException("lock_pattern must not be empty");
    }
    if (lockPattern != null && lockMaxAge == null) {
      throw new IllegalArgumentException("lock_pattern needs lock_max_age: how old a lock may get");
    }
    if (lockPattern == null && (lockMaxAge != null || lockTtl != null)) {
      throw new IllegalArgumentException("lock_max_age and lock_ttl need a lock_pattern");
    }
    Durations.requirePositive("lock_max_age", lockMaxAge);
    Durations.requirePositive("lock_ttl", lockTtl);
    if (lockTtl != null && lockMaxAge.compareTo(lockTtl) >= 0) {
      throw new IllegalArgumentException("lock_max_age (" + Durations.format(lockMaxAge)
          + ") must be less than lock_ttl (" + Durations.format(lockTtl)
          + "): a lock taken with that TTL expires before it could be called stale");
    }
    memoryLimitPct = memoryLimitPct == null ? 90.0 : memoryLimitPct;
    if (memoryLimitPct <= 0 || memoryLimitPct > 100) {
      throw new IllegalArgumentException("memory_limit_pct must be in (0, 100], got " + memoryLimitPct);
    }
  }

  public RedisEndpoint endpoint() {
    return RedisEndpoint.of(url, password);
  }

  /** Metric suffix per queue key, in the configured order. */
  public Map<String, String> queueSuffixes() {
    return MetricNames.suffixes("queues", queues);
  }

  @Override
  public java.util.Set<String> conditions() {
    return java.util.Set.of("redis_connection_error", "redis_error");
  }

  public Probe create(ProbeContext context) {
    return new RedisProbe(this, context.clock());
  }

  @Override
  public List<ThresholdRule> rules() {
    List<ThresholdRule> rules = new ArrayList<>();
    rules.add(new ThresholdRule("memory_pct", ">", memoryLimitPct, null, "redis_memory_high"));
    if (key != null) {
      rules.add(new ThresholdRule("key_exists", "<", 1, null, "stale_data"));
      if (maxKeyAge != null) {
        rules.add(new ThresholdRule("key_age_seconds", ">", Durations.seconds(maxKeyAge), null, "stale_data"));
      }
    }
    for (String suffix : queueSuffixes().values()) {
      rules.add(new ThresholdRule("stalled_seconds_" + suffix, ">=", Durations.seconds(stalledAfter), null, "stalled_queue"));
    }
    if (lockPattern != null) {
      rules.add(new ThresholdRule("stale_locks", ">", 0, null, "stale_lock"));
    }
    return rules;
  }

  /** Never prints the password, in the URL or on its own. */
  @Override
  public String toString() {
    return "RedisCheck[name=" + name + ", url=" + Redact.url(url)
        + ", password=" + (password == null ? "none" : "***") + ", key=" + key
        + ", queues=" + queues + ", lock_pattern=" + lockPattern + "]";
  }
}

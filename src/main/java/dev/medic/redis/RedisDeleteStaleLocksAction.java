package dev.medic.redis;

import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.ActionSpec;
import dev.medic.spi.Durations;
import dev.medic.config.Redact;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Jedis;

/**
 * Deletes locks older than a limit, and only those: a fresh lock, a lock of unknown age, and a lock
 * that was released and taken again between the look and the delete are all left alone. Age is
 * told as by the {@code redis} check (see {@link KeyAge}): a timestamp value, or {@code lock_ttl}
 * minus the TTL left.
 *
 * @param pattern glob of lock keys, like {@code lock:*}; {@code {target}} etc. are filled in
 * @param maxAge locks older than this are deleted
 * @param lockTtl the TTL locks are taken with, for locks whose value is no timestamp
 * @param maxKeys at most this many locks are deleted per run (default 1000)
 */
public record RedisDeleteStaleLocksAction(
    String url,
    String password,
    String pattern,
    Duration maxAge,
    Duration lockTtl,
    Integer maxKeys,
    Duration timeout)
    implements ActionSpec {

  /** Lock keys looked at per run. */
  static final int MAX_SCANNED = 10_000;

  /**
   * Deletes the key only if it is still the lock that was judged stale: same type, same value
   * start, and (when the age came from the TTL) no more TTL left than a stale lock has.
   */
  private static final String DELETE_IF_UNCHANGED = """
      if redis.call('TYPE', KEYS[1]).ok ~= ARGV[1] then return 0 end
      if ARGV[1] == 'string' and redis.call('GETRANGE', KEYS[1], 0, tonumber(ARGV[4]) - 1) ~= ARGV[2] then return 0 end
      if ARGV[3] ~= '' then
        local left = redis.call('PTTL', KEYS[1])
        if left < 0 or left > tonumber(ARGV[3]) then return 0 end
      end
      return redis.call('DEL', KEYS[1])
      """;

  public RedisDeleteStaleLocksAction {
    RedisEndpoint.of(url, password);
    if (pattern == null || pattern.isBlank()) {
      throw new IllegalArgumentException("pattern is required, like lock:*");
    }
    if (maxAge == null || maxAge.isZero() || maxAge.isNegative()) {
      throw new IllegalArgumentException("max_age is required and must be more than 0, got "
          + (maxAge == null ? "nothing" : Durations.format(maxAge)));
    }
    if (lockTtl != null && maxAge.compareTo(lockTtl) >= 0) {
      throw new IllegalArgumentException("max_age (" + Durations.format(maxAge) + ") must be less than lock_ttl ("
          + Durations.format(lockTtl) + "): a lock taken with that TTL expires before it could be stale");
    }
    maxKeys = maxKeys == null ? 1000 : maxKeys;
    if (maxKeys < 1) {
      throw new IllegalArgumentException("max_keys must be >= 1, got " + maxKeys);
    }
  }

  @Override
  public String describe(ActionContext context) {
    return "redis_delete_stale_locks " + context.render(pattern) + " older than " + Durations.format(maxAge)
        + " on " + RedisEndpoint.of(url, password);
  }

  @Override
  public ActionOutcome run(ActionContext context) {
    String glob = context.render(pattern);
    return RedisRun.onKeys(RedisEndpoint.of(url, password), effectiveTimeout(), glob, MAX_SCANNED,
        (jedis, keys) -> deleteStale(jedis, glob, judge(jedis, keys)));
  }

  /** Names the locks {@link #run} would delete now and those it would keep, deleting none. */
  @Override
  public ActionOutcome plan(ActionContext context) {
    String glob = context.render(pattern);
    return RedisRun.onKeys(RedisEndpoint.of(url, password), effectiveTimeout(), glob, MAX_SCANNED, (jedis, keys) -> {
      Judged judged = judge(jedis, keys);
      if (judged.nothingFound()) {
        return ActionOutcome.noEffect("would delete no lock: no key matches '" + glob + "'");
      }
      String detail = "would delete " + RedisRun.count(judged.stale().size(), "stale lock") + " matching '" + glob
          + "' older than " + Durations.format(maxAge) + (judged.stale().isEmpty() ? "" : ": " + aged(judged.stale()))
          + judged.kept("would keep");
      return judged.stale().isEmpty() ? ActionOutcome.noEffect(detail) : ActionOutcome.ok(detail);
    });
  }

  /**
   * The locks one look found: the stale ones to delete (at most {@code max_keys}), and those kept,
   * fresh or of unknown age, or stale beyond {@code max_keys}. {@code run} and {@code plan} both
   * start here.
   */
  private record Judged(List<KeyScan.Found> stale, List<KeyScan.Found> fresh, List<KeyScan.Found> unknown,
      int beyondMax, int maxKeys, KeyScan.Keys keys) {

    boolean nothingFound() {
      return keys.keys().isEmpty();
    }

    /** {@code ; kept 2 fresh, 1 of unknown age: lock:a (age 30s), lock:b (age unknown); ...}. */
    String kept(String verb) {
      StringBuilder words = new StringBuilder();
      if (!fresh.isEmpty() || !unknown.isEmpty()) {
        List<KeyScan.Found> all = new ArrayList<>(fresh);
        all.addAll(unknown);
        words.append("; ").append(verb).append(" ").append(fresh.size()).append(" fresh");
        if (!unknown.isEmpty()) {
          words.append(", ").append(unknown.size()).append(" of unknown age");
        }
        words.append(": ").append(aged(all));
      }
      if (beyondMax > 0) {
        words.append("; max_keys ").append(maxKeys).append(" reached, ").append(beyondMax)
            .append(" more stale locks remain");
      }
      if (!keys.complete()) {
        words.append("; scan stopped after ").append(keys.keys().size()).append(" keys");
      }
      return words.toString();
    }
  }

  private Judged judge(Jedis jedis, KeyScan.Keys keys) {
    List<KeyScan.Found> stale = new ArrayList<>();
    List<KeyScan.Found> fresh = new ArrayList<>();
    List<KeyScan.Found> unknown = new ArrayList<>();
    int beyondMax = 0;
    for (int i = 0; i < keys.keys().size(); i += 1000) {
      List<String> batch = keys.keys().subList(i, Math.min(keys.keys().size(), i + 1000));
      for (KeyScan.Found lock : KeyScan.inspect(jedis, batch, lockTtl, Clock.systemUTC().instant())) {
        if (lock.age() == null) {
          unknown.add(lock);
        } else if (!lock.olderThan(maxAge)) {
          fresh.add(lock);
        } else if (stale.size() >= maxKeys) {
          beyondMax++;
        } else {
          stale.add(lock);
        }
      }
    }
    return new Judged(stale, fresh, unknown, beyondMax, maxKeys, keys);
  }

  /** {@code lock:a (age 7200s), lock:b (age unknown)}. */
  private static String aged(List<KeyScan.Found> locks) {
    return RedisRun.listed(locks.stream().map(l -> l.key() + " (age "
        + (l.age() == null ? "unknown" : l.age().toSeconds() + "s") + ")").toList());
  }

  private ActionOutcome deleteStale(Jedis jedis, String glob, Judged judged) {
    if (judged.nothingFound()) {
      return ActionOutcome.noEffect("deleted 0 stale locks: no key matches '" + glob + "'");
    }
    List<KeyScan.Found> deleted = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    for (KeyScan.Found lock : judged.stale()) {
      if (deleteIfUnchanged(jedis, lock)) {
        deleted.add(lock);
      } else {
        changed.add(lock.key());
      }
    }
    String detail = "deleted " + RedisRun.count(deleted.size(), "stale lock") + " matching '" + glob
        + "' older than " + Durations.format(maxAge) + (deleted.isEmpty() ? "" : ": " + aged(deleted))
        + judged.kept("kept")
        + (changed.isEmpty() ? "" : "; " + changed.size() + " released or retaken meanwhile: " + RedisRun.listed(changed));
    return deleted.isEmpty() ? ActionOutcome.noEffect(detail) : ActionOutcome.ok(detail);
  }

  /** Package-private so a test can retake a lock between the look and the delete. */
  boolean deleteIfUnchanged(Jedis jedis, KeyScan.Found lock) {
    boolean byValue = lock.valuePrefix() != null && KeyAge.timestamp(lock.valuePrefix()) != null;
    String maxTtlLeft = byValue ? "" : Long.toString(lockTtl.minus(maxAge).toMillis());
    Object n = jedis.eval(DELETE_IF_UNCHANGED, List.of(lock.key()), List.of(lock.type(),
        lock.valuePrefix() == null ? "" : lock.valuePrefix(), maxTtlLeft,
        Integer.toString(KeyAge.VALUE_PREFIX_BYTES)));
    return n instanceof Long l && l > 0;
  }

  @Override
  public String toString() {
    return "RedisDeleteStaleLocksAction[url=" + Redact.url(url) + ", password="
        + (password == null ? "none" : "***") + ", pattern=" + pattern + ", max_age=" + maxAge + "]";
  }
}

package dev.medic.redis;

import dev.medic.spi.ActionOutcome;
import java.time.Duration;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * How every {@code redis_*} action runs: on one connection opened within the action's timeout,
 * closed afterwards; a Redis error (cannot connect, command refused) is the action's failure.
 */
final class RedisRun {

  private RedisRun() {}

  /** What an action does on its connection. */
  @FunctionalInterface
  interface Work {
    ActionOutcome on(Jedis jedis);
  }

  /** What an action does with the keys it found. */
  @FunctionalInterface
  interface KeysWork {
    ActionOutcome on(Jedis jedis, KeyScan.Keys keys);
  }

  /** Names shown in one detail; the rest are counted. */
  static final int SHOWN = 20;

  /** {@code a, b, c}, at most {@value #SHOWN} of them, then {@code ... (N more)}. */
  static String listed(java.util.List<String> names) {
    String shown = String.join(", ", names.subList(0, Math.min(SHOWN, names.size())));
    return names.size() > SHOWN ? shown + ", ... (" + (names.size() - SHOWN) + " more)" : shown;
  }

  /** {@code 1 key}, {@code 3 keys}. */
  static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  static ActionOutcome connected(RedisEndpoint endpoint, Duration timeout, Work work) {
    try (Jedis jedis = endpoint.connect(timeout)) {
      return work.on(jedis);
    } catch (JedisException e) {
      return ActionOutcome.failed(endpoint + ": " + e.getMessage());
    }
  }

  /**
   * Finds up to {@code limit} keys matching the glob with SCAN, stopping at the timeout (counted
   * from before connecting), and then does the work on them.
   */
  static ActionOutcome onKeys(RedisEndpoint endpoint, Duration timeout, String glob, int limit, KeysWork work) {
    long deadline = System.nanoTime() + timeout.toNanos();
    return connected(endpoint, timeout, jedis -> work.on(jedis, KeyScan.keys(jedis, glob, limit, deadline)));
  }
}

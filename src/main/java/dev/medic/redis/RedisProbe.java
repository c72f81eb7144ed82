package dev.medic.redis;

import dev.medic.spi.Observation;
import dev.medic.spi.Probe;
import dev.medic.spi.ProbeResult;
import dev.medic.spi.QueueStall;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.resps.StreamGroupInfo;

/**
 * One run of a {@link RedisCheck}: a short-lived connection, a handful of read-only commands. Keeps
 * the queue depths it saw, to tell a stalled queue from a draining one.
 */
final class RedisProbe implements Probe {

  /** Lock keys looked at per run; a keyspace with more is reported as such, not walked for minutes. */
  static final int MAX_LOCKS = 10_000;
  private static final int INSPECT_BATCH = 1000;

  private final RedisCheck spec;
  private final RedisEndpoint endpoint;
  private final Map<String, String> suffixes;
  private final Clock clock;
  private final QueueStall stall = new QueueStall();

  RedisProbe(RedisCheck spec, Clock clock) {
    this.spec = spec;
    this.endpoint = spec.endpoint();
    this.suffixes = spec.queueSuffixes();
    this.clock = clock;
  }

  @Override
  public void resume(Observation last) {
    stall.resume(suffixes, last, clock.instant());
  }

  @Override
  public ProbeResult run(Duration timeout) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    Map<String, Double> metrics = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    try (Jedis jedis = endpoint.connect(timeout)) {
      long pingStart = System.nanoTime();
      jedis.ping();
      metrics.put("ping_ms", (System.nanoTime() - pingStart) / 1e6);
      memory(jedis, metrics, notes);
      if (spec.key() != null) {
        freshness(jedis, metrics, notes);
      }
      for (Map.Entry<String, String> q : suffixes.entrySet()) {
        queue(jedis, q.getKey(), q.getValue(), metrics, notes);
      }
      if (spec.lockPattern() != null) {
        locks(jedis, deadline, metrics, notes);
      }
      return ProbeResult.up(took(start), metrics, String.join("; ", notes));
    } catch (JedisAccessControlException e) {
      return ProbeResult.down(took(start), metrics, "redis_connection_error",
          endpoint + ": login refused: " + e.getMessage());
    } catch (JedisDataException e) {
      boolean auth = e.getMessage() != null
          && (e.getMessage().startsWith("NOAUTH") || e.getMessage().startsWith("WRONGPASS"));
      return ProbeResult.down(took(start), metrics, auth ? "redis_connection_error" : "redis_error",
          endpoint + ": " + e.getMessage());
    } catch (JedisConnectionException e) {
      return ProbeResult.down(took(start), metrics, "redis_connection_error", endpoint + ": " + reason(e));
    } catch (JedisException e) {
      return ProbeResult.down(took(start), metrics, "redis_connection_error", endpoint + ": " + reason(e));
    } catch (QueueTypeException e) {
      return ProbeResult.down(took(start), metrics, "redis_error", endpoint + ": " + e.getMessage());
    }
  }

  private static String reason(Exception e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
  }

  private static Duration took(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private void memory(Jedis jedis, Map<String, Double> metrics, List<String> notes) {
    Map<String, String> info = info(jedis.info("memory"));
    double used = number(info.get("used_memory"));
    double max = number(info.get("maxmemory"));
    metrics.put("used_memory", used);
    metrics.put("maxmemory", max);
    if (max > 0) {
      double pct = used * 100 / max;
      metrics.put("memory_pct", pct);
      notes.add(String.format("memory %.1f%% of maxmemory", pct));
    }
  }

  static Map<String, String> info(String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : text.split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("#")) {
        fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
      }
    }
    return fields;
  }

  private static double number(String s) {
    try {
      return s == null ? 0 : Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private void freshness(Jedis jedis, Map<String, Double> metrics, List<String> notes) {
    Instant now = clock.instant();
    List<KeyScan.Found> found = KeyScan.inspect(jedis, List.of(spec.key()), spec.keyTtl(), now);
    if (found.isEmpty()) {
      metrics.put("key_exists", 0.0);
      notes.add("key " + spec.key() + " is missing");
      return;
    }
    KeyScan.Found k = found.getFirst();
    metrics.put("key_exists", 1.0);
    if (k.pttlMillis() >= 0) {
      metrics.put("key_ttl_seconds", k.pttlMillis() / 1000.0);
    }
    if (k.age() != null) {
      metrics.put("key_age_seconds", k.age().toMillis() / 1000.0);
      notes.add("key " + spec.key() + " " + k.age().toSeconds() + "s old");
    } else {
      notes.add("key " + spec.key() + " exists (age unknown: value is no timestamp"
          + (spec.keyTtl() == null ? " and no key_ttl is set)" : " and it has no TTL)"));
    }
  }

  private void queue(Jedis jedis, String key, String suffix, Map<String, Double> metrics, List<String> notes) {
    long depth = depth(jedis, key);
    double stalled = stall.observe(key, depth, false, clock.instant());
    metrics.put("queue_depth_" + suffix, (double) depth);
    metrics.put("stalled_seconds_" + suffix, stalled);
    notes.add(key + " " + depth + (stalled > 0 ? String.format(" (not going down for %.0fs)", stalled) : ""));
  }

  /**
   * Items waiting in a work queue. A stream keeps its entries after they are read, so with consumer
   * groups its depth is the largest backlog of any group: entries not yet delivered (lag) plus
   * entries delivered but not acknowledged (pending).
   */
  private static long depth(Jedis jedis, String key) {
    String type = jedis.type(key);
    return switch (type) {
      case "none" -> 0;
      case "list" -> jedis.llen(key);
      case "set" -> jedis.scard(key);
      case "zset" -> jedis.zcard(key);
      case "stream" -> streamDepth(jedis, key);
      default -> throw new QueueTypeException(
          "queue key '" + key + "' is a " + type + ", expected a list, stream, set or sorted set");
    };
  }

  private static long streamDepth(Jedis jedis, String key) {
    List<StreamGroupInfo> groups = jedis.xinfoGroups(key);
    if (groups.isEmpty()) {
      return jedis.xlen(key);
    }
    long deepest = 0;
    for (StreamGroupInfo g : groups) {
      Object lag = g.getGroupInfo().get("lag");
      if (!(lag instanceof Long l)) {
        return jedis.xlen(key); // lag unknown (Redis < 7 or after deletions): fall back to length
      }
      deepest = Math.max(deepest, l + g.getPending());
    }
    return deepest;
  }

  private void locks(Jedis jedis, long deadline, Map<String, Double> metrics, List<String> notes) {
    KeyScan.Keys keys = KeyScan.keys(jedis, spec.lockPattern(), MAX_LOCKS, deadline);
    Instant now = clock.instant();
    int locks = 0;
    int stale = 0;
    int unknown = 0;
    Duration oldest = Duration.ZERO;
    List<String> staleNames = new ArrayList<>();
    for (int i = 0; i < keys.keys().size(); i += INSPECT_BATCH) {
      List<String> batch = keys.keys().subList(i, Math.min(keys.keys().size(), i + INSPECT_BATCH));
      for (KeyScan.Found lock : KeyScan.inspect(jedis, batch, spec.lockTtl(), now)) {
        locks++;
        if (lock.age() == null) {
          unknown++;
          continue;
        }
        if (lock.age().compareTo(oldest) > 0) {
          oldest = lock.age();
        }
        if (lock.olderThan(spec.lockMaxAge())) {
          stale++;
          if (staleNames.size() < 5) {
            staleNames.add(lock.key() + " " + lock.age().toSeconds() + "s");
          }
        }
      }
    }
    metrics.put("locks", (double) locks);
    metrics.put("stale_locks", (double) stale);
    metrics.put("locks_unknown_age", (double) unknown);
    metrics.put("oldest_lock_seconds", oldest.toMillis() / 1000.0);
    notes.add(locks + " locks" + (stale > 0 ? ", " + stale + " stale (" + String.join(", ", staleNames) + ")" : "")
        + (unknown > 0 ? ", " + unknown + " of unknown age" : "")
        + (keys.complete() ? "" : ", scan stopped after " + keys.keys().size() + " keys"));
  }

  /** A queue key holds something that is no queue: a configuration problem to report, not a crash. */
  private static final class QueueTypeException extends RuntimeException {
    QueueTypeException(String message) {
      super(message);
    }
  }
}

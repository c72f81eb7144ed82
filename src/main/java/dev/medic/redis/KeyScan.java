package dev.medic.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Finds keys by pattern with SCAN (never KEYS, which blocks the server while it walks every key),
 * bounded by a number of keys and a deadline, and reads what tells their age.
 */
public final class KeyScan {

  /** Keys SCAN looks at per call: large enough to be quick, small enough to stay a short command. */
  private static final int SCAN_COUNT = 1000;

  private KeyScan() {}

  /**
   * @param complete false when the limit or the deadline stopped the scan before its end
   */
  public record Keys(List<String> keys, boolean complete) {}

  /**
   * One key and what tells its age.
   *
   * @param valuePrefix the first bytes of a string value, null for other types
   * @param age null when unknown (see {@link KeyAge})
   */
  public record Found(String key, String type, long pttlMillis, String valuePrefix, Duration age) {

    public boolean olderThan(Duration limit) {
      return age != null && age.compareTo(limit) > 0;
    }
  }

  /** Up to {@code limit} distinct keys matching the glob pattern, in SCAN order. */
  public static Keys keys(Jedis jedis, String pattern, int limit, long deadlineNanos) {
    Set<String> found = new LinkedHashSet<>();
    ScanParams params = new ScanParams().match(pattern).count(SCAN_COUNT);
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      if (System.nanoTime() > deadlineNanos) {
        return new Keys(List.copyOf(found), false);
      }
      ScanResult<String> page = jedis.scan(cursor, params);
      for (String key : page.getResult()) {
        found.add(key); // SCAN may return a key twice
        if (found.size() >= limit) {
          return new Keys(List.copyOf(found), page.isCompleteIteration() && last(page, key));
        }
      }
      cursor = page.getCursor();
    } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
    return new Keys(List.copyOf(found), true);
  }

  private static boolean last(ScanResult<String> page, String key) {
    List<String> r = page.getResult();
    return r.get(r.size() - 1).equals(key);
  }

  /** Type, remaining TTL, the start of string values and the age of each key, in two round trips. */
  public static List<Found> inspect(Jedis jedis, List<String> keys, Duration writtenTtl, Instant now) {
    List<Response<String>> types = new ArrayList<>(keys.size());
    List<Response<Long>> ttls = new ArrayList<>(keys.size());
    try (Pipeline p = jedis.pipelined()) {
      for (String key : keys) {
        types.add(p.type(key));
        ttls.add(p.pttl(key));
      }
      p.sync();
    }
    List<Response<String>> values = new ArrayList<>(keys.size());
    try (Pipeline p = jedis.pipelined()) {
      for (int i = 0; i < keys.size(); i++) {
        values.add("string".equals(types.get(i).get())
            ? p.getrange(keys.get(i), 0, KeyAge.VALUE_PREFIX_BYTES - 1) : null);
      }
      p.sync();
    }
    List<Found> found = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      String type = types.get(i).get();
      if ("none".equals(type)) {
        continue; // gone since the scan (expired or released)
      }
      String value = values.get(i) == null ? null : values.get(i).get();
      long pttl = ttls.get(i).get();
      found.add(new Found(keys.get(i), type, pttl, value, KeyAge.of(value, pttl, writtenTtl, now)));
    }
    return found;
  }
}

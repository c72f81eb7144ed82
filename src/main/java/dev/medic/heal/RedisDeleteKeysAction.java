package dev.medic.heal;

import dev.medic.config.Redact;
import dev.medic.redis.KeyScan;
import dev.medic.redis.RedisEndpoint;
import java.time.Duration;
import java.util.List;
import redis.clients.jedis.Jedis;

/**
 * Deletes keys matching a glob pattern (a poisoned cache namespace), found with SCAN and removed
 * with UNLINK, at most {@code max_keys} per run. A pattern that matches every key ({@code *}) is
 * refused unless {@code allow_all_keys: true}, and then the action is destructive: its strategy
 * waits for approval.
 *
 * @param pattern glob like {@code cache:*}; {@code {target}} etc. are filled in
 * @param maxKeys at most this many keys are deleted per run (default 1000)
 */
public record RedisDeleteKeysAction(
    String url,
    String password,
    String pattern,
    Integer maxKeys,
    Boolean allowAllKeys,
    Duration timeout)
    implements ActionSpec {

  public RedisDeleteKeysAction {
    RedisEndpoint.of(url, password);
    if (pattern == null || pattern.isBlank()) {
      throw new IllegalArgumentException("pattern is required, like cache:*");
    }
    allowAllKeys = allowAllKeys != null && allowAllKeys;
    if (matchesEverything(pattern) && !allowAllKeys) {
      throw new IllegalArgumentException("pattern '" + pattern + "' matches every key; set allow_all_keys: true"
          + " (the strategy then needs approval, as destructive) or use redis_flushdb");
    }
    maxKeys = maxKeys == null ? 1000 : maxKeys;
    if (maxKeys < 1) {
      throw new IllegalArgumentException("max_keys must be >= 1, got " + maxKeys);
    }
  }

  private static boolean matchesEverything(String pattern) {
    return pattern.strip().matches("\\*+");
  }

  @Override
  public boolean destructive() {
    return matchesEverything(pattern);
  }

  @Override
  public String describe(ActionContext context) {
    return "redis_delete_keys " + context.render(pattern) + " (at most " + maxKeys + ") on "
        + RedisEndpoint.of(url, password);
  }

  @Override
  public ActionOutcome run(ActionContext context) {
    String glob = context.render(pattern);
    return RedisRun.onKeys(RedisEndpoint.of(url, password), effectiveTimeout(), glob, maxKeys,
        (jedis, keys) -> delete(jedis, glob, keys));
  }

  private ActionOutcome delete(Jedis jedis, String glob, KeyScan.Keys keys) {
    long deleted = 0;
    for (int i = 0; i < keys.keys().size(); i += 500) {
      List<String> batch = keys.keys().subList(i, Math.min(keys.keys().size(), i + 500));
      deleted += jedis.unlink(batch.toArray(String[]::new));
    }
    StringBuilder detail = new StringBuilder("deleted ").append(deleted).append(deleted == 1 ? " key" : " keys")
        .append(" matching '").append(glob).append("'");
    List<String> shown = keys.keys().subList(0, Math.min(10, keys.keys().size()));
    if (!shown.isEmpty()) {
      detail.append(": ").append(String.join(", ", shown));
      if (keys.keys().size() > shown.size()) {
        detail.append(", ...");
      }
    }
    if (!keys.complete()) {
      detail.append(keys.keys().size() >= maxKeys
          ? "; max_keys " + maxKeys + " reached, more may remain"
          : "; scan stopped at the timeout, more may remain");
    }
    return ActionOutcome.ok(detail.toString());
  }

  @Override
  public String toString() {
    return "RedisDeleteKeysAction[url=" + Redact.url(url) + ", password="
        + (password == null ? "none" : "***") + ", pattern=" + pattern + ", max_keys=" + maxKeys + "]";
  }
}

package dev.medic.redis;

import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.ActionSpec;
import dev.medic.config.Redact;
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

  /** Names the keys {@link #run} would delete now (the same SCAN), deleting none. */
  @Override
  public ActionOutcome plan(ActionContext context) {
    String glob = context.render(pattern);
    return RedisRun.onKeys(RedisEndpoint.of(url, password), effectiveTimeout(), glob, maxKeys, (jedis, keys) ->
        keys.keys().isEmpty()
            ? ActionOutcome.noEffect("would delete no key: no key matches '" + glob + "'")
            : ActionOutcome.ok("would delete " + RedisRun.count(keys.keys().size(), "key") + " matching '" + glob
                + "': " + RedisRun.listed(keys.keys()) + unfinished(keys)));
  }

  private ActionOutcome delete(Jedis jedis, String glob, KeyScan.Keys keys) {
    if (keys.keys().isEmpty()) {
      return ActionOutcome.noEffect("deleted 0 keys: no key matches '" + glob + "'");
    }
    long deleted = 0;
    for (int i = 0; i < keys.keys().size(); i += 500) {
      List<String> batch = keys.keys().subList(i, Math.min(keys.keys().size(), i + 500));
      deleted += jedis.unlink(batch.toArray(String[]::new));
    }
    if (deleted == 0) {
      return ActionOutcome.noEffect("deleted 0 keys matching '" + glob + "': the " + keys.keys().size()
          + " found were gone before the delete (" + RedisRun.listed(keys.keys()) + ")");
    }
    return ActionOutcome.ok("deleted " + RedisRun.count(deleted, "key") + " matching '" + glob + "': "
        + RedisRun.listed(keys.keys()) + unfinished(keys));
  }

  /** Why keys matching the pattern may remain after this run. */
  private String unfinished(KeyScan.Keys keys) {
    if (keys.complete()) {
      return "";
    }
    return keys.keys().size() >= maxKeys
        ? "; max_keys " + maxKeys + " reached, more may remain"
        : "; scan stopped at the timeout, more may remain";
  }

  @Override
  public String toString() {
    return "RedisDeleteKeysAction[url=" + Redact.url(url) + ", password="
        + (password == null ? "none" : "***") + ", pattern=" + pattern + ", max_keys=" + maxKeys + "]";
  }
}

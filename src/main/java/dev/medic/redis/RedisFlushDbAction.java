package dev.medic.redis;

import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.ActionSpec;
import dev.medic.config.Redact;
import java.time.Duration;

/**
 * Empties the URL's database (FLUSHDB; other databases of the server are untouched). Destructive:
 * its strategy waits for approval. The seed monitor's last resort for a corrupted cache.
 */
public record RedisFlushDbAction(String url, String password, Duration timeout) implements ActionSpec {

  public RedisFlushDbAction {
    RedisEndpoint.of(url, password);
  }

  @Override
  public boolean destructive() {
    return true;
  }

  @Override
  public String describe(ActionContext context) {
    RedisEndpoint endpoint = RedisEndpoint.of(url, password);
    return "redis_flushdb database " + endpoint.database() + " on " + endpoint;
  }

  @Override
  public ActionOutcome run(ActionContext context) {
    RedisEndpoint endpoint = RedisEndpoint.of(url, password);
    return RedisRun.connected(endpoint, effectiveTimeout(), jedis -> {
      long keys = jedis.dbSize();
      if (keys == 0) {
        return ActionOutcome.noEffect("database " + where(endpoint) + " holds no key: nothing flushed");
      }
      jedis.flushDB();
      return ActionOutcome.ok("flushed database " + where(endpoint) + ": " + RedisRun.count(keys, "key") + " deleted");
    });
  }

  /** How many keys {@link #run} would delete now (DBSIZE), deleting none. */
  @Override
  public ActionOutcome plan(ActionContext context) {
    RedisEndpoint endpoint = RedisEndpoint.of(url, password);
    return RedisRun.connected(endpoint, effectiveTimeout(), jedis -> {
      long keys = jedis.dbSize();
      return keys == 0
          ? ActionOutcome.noEffect("would flush nothing: database " + where(endpoint) + " holds no key")
          : ActionOutcome.ok("would flush database " + where(endpoint) + ": " + RedisRun.count(keys, "key"));
    });
  }

  private static String where(RedisEndpoint endpoint) {
    return endpoint.database() + " of " + endpoint.hostAndPort();
  }

  @Override
  public String toString() {
    return "RedisFlushDbAction[url=" + Redact.url(url) + ", password="
        + (password == null ? "none" : "***") + "]";
  }
}

package dev.medic.heal;

import dev.medic.config.Redact;
import dev.medic.redis.RedisEndpoint;
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
      jedis.flushDB();
      return ActionOutcome.ok("flushed database " + endpoint.database() + " of " + endpoint.hostAndPort()
          + ": " + keys + (keys == 1 ? " key" : " keys") + " deleted");
    });
  }

  @Override
  public String toString() {
    return "RedisFlushDbAction[url=" + Redact.url(url) + ", password="
        + (password == null ? "none" : "***") + "]";
  }
}

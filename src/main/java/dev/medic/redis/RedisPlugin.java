package dev.medic.redis;

import dev.medic.spi.Kinds;
import dev.medic.spi.Plugin;

/** Redis: the {@code redis} check and the key, lock and queue remedies. */
public final class RedisPlugin implements Plugin {

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public void register(Kinds kinds) {
    kinds.check("redis", RedisCheck.class, RedisCheck::create);
    kinds.action("redis_delete_keys", RedisDeleteKeysAction.class);
    kinds.action("redis_delete_stale_locks", RedisDeleteStaleLocksAction.class);
    kinds.action("redis_flushdb", RedisFlushDbAction.class);
    kinds.action("redis_requeue", RedisRequeueAction.class);
  }
}

package dev.medic.support;

import java.util.List;
import java.util.UUID;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * A private corner of the real Redis for one test: every key starts with a random prefix, and
 * closing deletes them all (with SCAN, so nothing else on the server is touched).
 */
public final class RedisScratch implements AutoCloseable {

  public static final String URL = "redis://127.0.0.1:6379/0";

  public final String prefix = "medic-test:" + UUID.randomUUID().toString().substring(0, 8) + ":";
  public final Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", 6379),
      DefaultJedisClientConfig.builder().autoNegotiateProtocol(false).build());

  /** The prefixed key. */
  public String key(String name) {
    return prefix + name;
  }

  @Override
  public void close() {
    ScanParams params = new ScanParams().match(prefix + "*").count(1000);
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = jedis.scan(cursor, params);
      List<String> keys = page.getResult();
      if (!keys.isEmpty()) {
        jedis.del(keys.toArray(String[]::new));
      }
      cursor = page.getCursor();
    } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
    jedis.close();
  }
}

package dev.medic.redis;

import dev.medic.config.Redact;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import javax.net.ssl.SSLParameters;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Where a Redis server is and how to log in: {@code redis://[user[:password]@]host[:port][/db]}
 * ({@code rediss://} for TLS), with the password in the URL (usually via {@code ${ENV}}) or given
 * on its own. Never prints the password.
 *
 * @param password overrides a password in the URL; null to use the URL's
 */
public record RedisEndpoint(URI uri, String password) {

  public RedisEndpoint {
    if (uri == null || !JedisURIHelper.isValid(uri)) {
      throw new IllegalArgumentException(
          "url must look like redis://host:6379/0 (or rediss:// for TLS), got " + Redact.url(String.valueOf(uri)));
    }
    if (uri.getUserInfo() != null && !uri.getUserInfo().contains(":")) {
      throw new IllegalArgumentException("url: write the password after a colon, redis://:PASSWORD@host"
          + " or redis://USER:PASSWORD@host (or use the password key), got " + Redact.url(uri.toString()));
    }
    if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().matches("/\\d*")) {
      throw new IllegalArgumentException(
          "url path must be a database number like /0, got '" + uri.getPath() + "' in " + Redact.url(uri.toString()));
    }
  }

  /** Parses a configured URL; errors never repeat its password. */
  public static RedisEndpoint of(String url, String password) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("url is required, like redis://127.0.0.1:6379/0");
    }
    try {
      return new RedisEndpoint(new URI(url.strip()), password);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("url is not a valid URI: " + Redact.url(url));
    }
  }

  public int database() {
    return JedisURIHelper.hasDbIndex(uri) ? JedisURIHelper.getDBIndex(uri) : 0;
  }

  /** A new connection whose connect, reads and writes each give up after the timeout. */
  public Jedis connect(Duration timeout) {
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    String secret = password != null ? password : JedisURIHelper.getPassword(uri);
    DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(millis)
        .socketTimeoutMillis(millis)
        .database(database())
        .clientName("medic")
        .autoNegotiateProtocol(false) // RESP2, which every server speaks; no warning per connection
        .ssl(JedisURIHelper.isRedisSSLScheme(uri));
    if (JedisURIHelper.isRedisSSLScheme(uri)) {
      // The default socket factory checks the certificate chain; this also checks the host name.
      SSLParameters tls = new SSLParameters();
      tls.setEndpointIdentificationAlgorithm("HTTPS");
      config.sslParameters(tls);
    }
    String user = JedisURIHelper.getUser(uri);
    if (user != null && !user.isEmpty()) {
      config.user(user);
    }
    if (secret != null && !secret.isEmpty()) {
      config.password(secret);
    }
    Jedis jedis = new Jedis(JedisURIHelper.getHostAndPort(uri), config.build());
    try {
      jedis.connect();
      return jedis;
    } catch (RuntimeException e) {
      jedis.close();
      throw e;
    }
  }

  public HostAndPort hostAndPort() {
    return JedisURIHelper.getHostAndPort(uri);
  }

  /** The URL with any password replaced by {@code ***}: safe for logs, the audit and toString. */
  @Override
  public String toString() {
    return Redact.url(uri.toString());
  }
}

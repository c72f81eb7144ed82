package dev.medic.rabbitmq;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import dev.medic.config.Redact;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * Where a RabbitMQ broker is and how to log in: {@code amqp://user:password@host:5672/vhost}
 * ({@code amqps://} for TLS, verified against the JVM's trust store). The vhost is URL-encoded
 * ({@code %2F} is {@code /}); a URL without a path, or with a bare {@code /}, means the default
 * vhost {@code /}. Never prints the password.
 *
 * @param password overrides a password in the URL; null to use the URL's
 */
public record AmqpEndpoint(URI uri, String password) {

  public AmqpEndpoint {
    if (uri == null || !("amqp".equals(uri.getScheme()) || "amqps".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new IllegalArgumentException("url must look like amqp://user:password@host:5672/vhost (or amqps://), got "
          + Redact.url(String.valueOf(uri)));
    }
    if (uri.getRawPath() != null && uri.getRawPath().indexOf('/', 1) >= 0) {
      throw new IllegalArgumentException("url: a vhost containing '/' must be written %2F, got "
          + Redact.url(uri.toString()));
    }
  }

  public static AmqpEndpoint of(String url, String password) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("url is required, like amqp://guest:guest@127.0.0.1:5672/%2F");
    }
    try {
      return new AmqpEndpoint(new URI(url.strip()), password);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("url is not a valid URI: " + Redact.url(url));
    }
  }

  /** A connection of its own (no automatic recovery: medic reconnects itself, and says so). */
  public Connection connect(Duration timeout, String connectionName) throws IOException, TimeoutException {
    return factory(timeout).newConnection(connectionName);
  }

  private ConnectionFactory factory(Duration timeout) {
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    ConnectionFactory f = new ConnectionFactory();
    try {
      f.setUri(uri);
      if ("amqps".equals(uri.getScheme())) {
        // setUri trusts every certificate for amqps; verify against the JVM's trust store instead.
        f.useSslProtocol(SSLContext.getDefault());
        f.enableHostnameVerification();
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("url: " + e.getMessage() + " in " + this, e);
    }
    if ("/".equals(uri.getRawPath())) {
      f.setVirtualHost("/");
    }
    if (password != null) {
      f.setPassword(password);
    }
    f.setAutomaticRecoveryEnabled(false);
    f.setTopologyRecoveryEnabled(false);
    f.setConnectionTimeout(millis);
    f.setHandshakeTimeout(millis);
    f.setChannelRpcTimeout(millis);
    f.setShutdownTimeout(0);
    return f;
  }

  public String vhost() {
    String path = uri.getPath();
    return path == null || path.isEmpty() || "/".equals(path) ? "/" : path.substring(1);
  }

  /** The URL with any password replaced by {@code ***}. */
  @Override
  public String toString() {
    return Redact.url(uri.toString());
  }

  /** Did the broker close the channel because a queue does not exist (404 NOT_FOUND)? */
  public static boolean notFound(Exception e) {
    Throwable t = e;
    while (t != null) {
      if (t instanceof ShutdownSignalException s && !s.isHardError()
          && s.getReason() instanceof com.rabbitmq.client.AMQP.Channel.Close close && close.getReplyCode() == 404) {
        return true;
      }
      t = t.getCause();
    }
    return false;
  }

  /** The broker's words when it closed something, else the exception's. */
  public static String reason(Exception e) {
    Throwable t = e;
    while (t != null) {
      if (t instanceof ShutdownSignalException s) {
        if (s.getReason() instanceof com.rabbitmq.client.AMQP.Channel.Close c) {
          return c.getReplyText();
        }
        if (s.getReason() instanceof com.rabbitmq.client.AMQP.Connection.Close c) {
          return c.getReplyText();
        }
      }
      if (t.getCause() == null || t.getCause() == t) {
        break;
      }
      t = t.getCause();
    }
    String own = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return t != e && t.getMessage() != null && !own.contains(t.getMessage()) ? own + " (" + t.getMessage() + ")" : own;
  }
}

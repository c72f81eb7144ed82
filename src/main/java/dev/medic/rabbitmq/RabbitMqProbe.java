package dev.medic.rabbitmq;

import dev.medic.spi.Observation;
import dev.medic.spi.Probe;
import dev.medic.spi.ProbeResult;
import dev.medic.spi.QueueStall;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a {@link RabbitMqCheck}. Keeps two connections open between runs, reopening them after a
 * failure: one that only asks (passive declares), and, for alarms, a sentinel that publishes.
 *
 * <p>Why two: RabbitMQ blocks a connection, and sends it {@code connection.blocked}, only when it
 * publishes during a memory or disk alarm; from then on the broker stops reading that connection,
 * so it could not answer a passive declare until the alarm clears. The sentinel publishes one
 * empty message per run to the default exchange with routing key {@value #SENTINEL_ROUTING_KEY}:
 * queue names starting with {@code amq.} are reserved, so no queue can ever receive it and the
 * broker drops it. While blocked it publishes nothing more.
 */
final class RabbitMqProbe implements Probe {

  static final String SENTINEL_ROUTING_KEY = "amq.medic.alarm-sentinel";
  private static final long MAX_CONFIRM_WAIT_MILLIS = 2_000;

  private final RabbitMqCheck spec;
  private final AmqpEndpoint endpoint;
  private final Map<String, String> suffixes;
  private final String connectionName;
  private final Clock clock;
  private final QueueStall stall = new QueueStall();
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicBoolean blocked = new AtomicBoolean();
  private volatile String blockedReason = "";
  private Connection connection;
  private Connection sentinel;
  private Channel sentinelChannel;

  RabbitMqProbe(RabbitMqCheck spec, String target, Clock clock) {
    this.spec = spec;
    this.endpoint = spec.endpoint();
    this.suffixes = spec.queueSuffixes();
    this.connectionName = "medic " + target + "/" + spec.name();
    this.clock = clock;
  }

  @Override
  public void resume(Observation last) {
    stall.resume(suffixes, last, clock.instant());
  }

  @Override
  public ProbeResult run(Duration timeout) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      return measure(timeout);
    } finally {
      lock.unlock();
    }
  }

  private ProbeResult measure(Duration timeout) {
    long start = System.nanoTime();
    Map<String, Double> metrics = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    try {
      if (connection == null || !connection.isOpen()) {
        connection = endpoint.connect(timeout, connectionName);
      }
      queues(metrics, notes, missing);
      if (spec.detectAlarms()) {
        alarms(timeout, metrics, notes);
      }
    } catch (IOException | TimeoutException | ShutdownSignalException e) {
      disconnect();
      return ProbeResult.down(took(start), metrics, "rabbitmq_connection_error",
          endpoint + ": " + AmqpEndpoint.reason(e));
    } catch (SentinelRefused e) {
      return ProbeResult.down(took(start), metrics, "rabbitmq_connection_error", endpoint + ": " + e.getMessage());
    }
    if (!missing.isEmpty()) {
      return ProbeResult.down(took(start), metrics, "queue_missing", (missing.size() == 1 ? "queue " : "queues ")
          + String.join(", ", missing.stream().map(q -> "'" + q + "'").toList()) + " not found in vhost '"
          + endpoint.vhost() + "'" + (notes.isEmpty() ? "" : "; " + String.join("; ", notes)));
    }
    return ProbeResult.up(took(start), metrics, String.join("; ", notes));
  }

  private void queues(Map<String, Double> metrics, List<String> notes, List<String> missing)
      throws IOException, TimeoutException {
    Channel channel = null;
    try {
      for (Map.Entry<String, String> q : suffixes.entrySet()) {
        if (channel == null || !channel.isOpen()) {
          channel = connection.createChannel();
        }
        AMQP.Queue.DeclareOk ok;
        try {
          ok = channel.queueDeclarePassive(q.getKey());
        } catch (IOException e) {
          if (!AmqpEndpoint.notFound(e)) {
            throw e;
          }
          missing.add(q.getKey()); // the broker closed the channel; the next queue gets a new one
          stall.forget(q.getKey());
          continue;
        }
        long depth = ok.getMessageCount();
        int consumers = ok.getConsumerCount();
        // Messages and nobody to take them: stuck, even if some expire or are dead-lettered meanwhile.
        double stalled = stall.observe(q.getKey(), depth, consumers == 0, clock.instant());
        metrics.put("queue_depth_" + q.getValue(), (double) depth);
        metrics.put("consumers_" + q.getValue(), (double) consumers);
        metrics.put("stalled_seconds_" + q.getValue(), stalled);
        notes.add(q.getKey() + " " + depth + " ready, " + consumers + (consumers == 1 ? " consumer" : " consumers")
            + (stalled > 0 ? String.format(" (stalled %.0fs)", stalled) : ""));
      }
    } finally {
      if (channel != null && channel.isOpen()) {
        try {
          channel.close();
        } catch (IOException | TimeoutException | ShutdownSignalException ignored) {
          // the connection is checked again at the next run
        }
      }
    }
  }

  private void alarms(Duration timeout, Map<String, Double> metrics, List<String> notes)
      throws IOException, TimeoutException, SentinelRefused {
    if (sentinel == null || !sentinel.isOpen()) {
      blocked.set(false);
      sentinel = endpoint.connect(timeout, connectionName + " alarm sentinel");
      sentinel.addBlockedListener(reason -> {
        blockedReason = reason;
        blocked.set(true);
      }, () -> blocked.set(false));
      sentinelChannel = null;
    }
    if (sentinelChannel != null && !sentinelChannel.isOpen()) {
      sentinelChannel = null;
    }
    if (sentinelChannel == null) {
      sentinelChannel = sentinel.createChannel();
      sentinelChannel.confirmSelect();
    }
    if (!blocked.get()) {
      sentinelChannel.basicPublish("", SENTINEL_ROUTING_KEY, false, null, new byte[0]);
      // The broker answers every publish: a confirm, or, when it refuses (no write permission), by
      // closing the channel. Waiting for it reports a refusal in the run that caused it, at every
      // run (a new channel tries again, so granting the permission is enough to recover).
      try {
        sentinelChannel.waitForConfirms(Math.max(1, Math.min(timeout.toMillis() / 2, MAX_CONFIRM_WAIT_MILLIS)));
      } catch (ShutdownSignalException refused) {
        sentinelChannel = null;
        throw new SentinelRefused(refused);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TimeoutException("interrupted while waiting for the alarm sentinel's confirm");
      } catch (TimeoutException e) {
        // A broker that just raised an alarm may stop reading before it confirms: that is the
        // alarm, reported below. Neither a confirm nor a block is a broker that does not answer.
        if (!blocked.get()) {
          throw e;
        }
      }
    }
    boolean now = blocked.get();
    metrics.put("blocked", now ? 1.0 : 0.0);
    if (now) {
      notes.add("broker blocks publishers: " + blockedReason);
    }
  }

  /** The broker refused the sentinel's publish (no write permission on the default exchange). */
  private static final class SentinelRefused extends Exception {
    SentinelRefused(ShutdownSignalException cause) {
      super("alarm sentinel refused: " + AmqpEndpoint.reason(cause)
          + " (grant write on ^amq\\.default$ or set detect_alarms: false)", cause);
    }
  }

  private static Duration took(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Override
  public void close() {
    lock.lock();
    try {
      disconnect();
    } finally {
      lock.unlock();
    }
  }

  private void disconnect() {
    abort(connection);
    abort(sentinel);
    connection = null;
    sentinel = null;
    sentinelChannel = null;
  }

  private static void abort(Connection c) {
    if (c != null) {
      c.abort(1000); // never throws; gives up on a broker that does not answer
    }
  }
}

package dev.medic.rabbitmq;

import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.ActionSpec;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;
import dev.medic.config.Redact;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Moves dead letters back to work: takes up to {@code max_messages} from {@code from} (the dead
 * letter queue) and publishes each to {@code to} through the default exchange, persistent, with its
 * headers and properties kept. A message is acknowledged on {@code from} only after the broker has
 * confirmed it on {@code to}, so a failure midway leaves it in {@code from}, never nowhere (it may
 * then be in both: at least once).
 *
 * @param maxMessages at most this many per run (default 1000)
 */
public record RabbitMqMoveDeadLettersAction(
    String url, String password, String from, String to, Integer maxMessages, Duration timeout)
    implements ActionSpec {

  public RabbitMqMoveDeadLettersAction {
    AmqpEndpoint.of(url, password);
    if (from == null || from.isBlank()) {
      throw new IllegalArgumentException("from is required: the dead letter queue");
    }
    if (to == null || to.isBlank()) {
      throw new IllegalArgumentException("to is required: the queue to move the messages back to");
    }
    if (from.equals(to)) {
      throw new IllegalArgumentException("from and to must differ, both are '" + from + "'");
    }
    maxMessages = maxMessages == null ? 1000 : maxMessages;
    if (maxMessages < 1 || maxMessages > 1_000_000) {
      throw new IllegalArgumentException("max_messages must be 1..1000000, got " + maxMessages);
    }
  }

  @Override
  public String describe(ActionContext context) {
    return "rabbitmq_move_dead_letters " + context.render(from) + " -> " + context.render(to)
        + " at most " + maxMessages + " on " + AmqpEndpoint.of(url, password);
  }

  @Override
  public ActionOutcome run(ActionContext context) throws InterruptedException {
    AmqpEndpoint endpoint = AmqpEndpoint.of(url, password);
    String source = context.render(from);
    String target = context.render(to);
    Duration limit = effectiveTimeout();
    long deadline = System.nanoTime() + limit.toNanos();
    int moved = 0;
    try (Connection connection = endpoint.connect(limit, "medic action incident #" + context.incident().id())) {
      String missing = missing(connection, source, target);
      if (missing != null) {
        return ActionOutcome.failed("moved 0 messages: queue '" + missing + "' not found in vhost '"
            + endpoint.vhost() + "'");
      }
      if (ready(connection, source) == 0) {
        return ActionOutcome.noEffect("moved 0 messages: '" + source + "' holds no ready message");
      }
      Channel channel = connection.createChannel();
      channel.confirmSelect();
      AtomicBoolean returned = new AtomicBoolean();
      channel.addReturnListener(r -> returned.set(true));
      boolean outOfTime = false;
      while (moved < maxMessages) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          outOfTime = true;
          break;
        }
        GetResponse message = channel.basicGet(source, false);
        if (message == null) {
          break;
        }
        AMQP.BasicProperties props = message.getProps().builder().deliveryMode(2).build();
        // mandatory: should 'to' vanish meanwhile, the broker returns the message instead of dropping it
        channel.basicPublish("", target, true, props, message.getBody());
        channel.waitForConfirmsOrDie(Math.max(1, left));
        if (returned.get()) {
          channel.basicNack(message.getEnvelope().getDeliveryTag(), false, true);
          return ActionOutcome.failed("moved " + moved + " messages from '" + source + "' to '" + target
              + "', then '" + target + "' stopped accepting them; the rest stay in '" + source + "'");
        }
        channel.basicAck(message.getEnvelope().getDeliveryTag(), false);
        moved++;
      }
      long remaining = channel.queueDeclarePassive(source).getMessageCount();
      StringBuilder detail = new StringBuilder("moved ").append(moved).append(moved == 1 ? " message" : " messages")
          .append(" from '").append(source).append("' to '").append(target)
          .append("' (persistent, each confirmed before its ack); ").append(remaining).append(" left in '")
          .append(source).append("'");
      if (moved >= maxMessages && remaining > 0) {
        detail.append("; max_messages ").append(maxMessages).append(" reached");
      } else if (outOfTime) {
        detail.append("; stopped at the ").append(limit.toMillis()).append(" ms timeout");
      }
      return moved == 0 ? ActionOutcome.noEffect(detail.toString()) : ActionOutcome.ok(detail.toString());
    } catch (IOException | TimeoutException | ShutdownSignalException e) {
      // Unacknowledged messages go back to 'from' when the channel closes.
      return ActionOutcome.failed("moved " + moved + " messages from '" + source + "' to '" + target
          + "' before failing: " + endpoint + ": " + AmqpEndpoint.reason(e));
    }
  }

  /**
   * How many messages {@link #run} would move now and how many it would leave, moving none: the
   * same queue checks and depth a run starts from.
   */
  @Override
  public ActionOutcome plan(ActionContext context) {
    AmqpEndpoint endpoint = AmqpEndpoint.of(url, password);
    String source = context.render(from);
    String target = context.render(to);
    try (Connection connection = endpoint.connect(effectiveTimeout(), "medic plan incident #" + context.incident().id())) {
      String missing = missing(connection, source, target);
      if (missing != null) {
        return ActionOutcome.failed("would move nothing: queue '" + missing + "' not found in vhost '"
            + endpoint.vhost() + "'");
      }
      long ready = ready(connection, source);
      if (ready == 0) {
        return ActionOutcome.noEffect("would move 0 messages: '" + source + "' holds no ready message");
      }
      long moving = Math.min(ready, maxMessages);
      return ActionOutcome.ok("would move " + moving + (moving == 1 ? " message" : " messages") + " from '" + source
          + "' to '" + target + "' (persistent, each confirmed before its ack); " + (ready - moving) + " left in '"
          + source + "'" + (ready > maxMessages ? "; max_messages " + maxMessages + " reached" : ""));
    } catch (IOException | TimeoutException | ShutdownSignalException e) {
      return ActionOutcome.failed(endpoint + ": " + AmqpEndpoint.reason(e));
    }
  }

  /** The first of the queues that does not exist, each tried on a channel of its own. */
  static String missing(Connection connection, String... queues) throws IOException, TimeoutException {
    for (String q : queues) {
      if (depth(connection, q) == null) {
        return q;
      }
    }
    return null;
  }

  /** The ready messages of a queue known to exist. */
  static long ready(Connection connection, String queue) throws IOException, TimeoutException {
    Long depth = depth(connection, queue);
    if (depth == null) {
      throw new IOException("queue '" + queue + "' not found");
    }
    return depth;
  }

  /** The ready messages of a queue, or null when it does not exist; on a channel of its own. */
  private static Long depth(Connection connection, String queue) throws IOException, TimeoutException {
    Channel channel = connection.createChannel();
    try {
      return (long) channel.queueDeclarePassive(queue).getMessageCount();
    } catch (IOException e) {
      if (AmqpEndpoint.notFound(e)) {
        return null;
      }
      throw e;
    } finally {
      if (channel.isOpen()) {
        channel.close();
      }
    }
  }

  @Override
  public String toString() {
    return "RabbitMqMoveDeadLettersAction[url=" + Redact.url(url) + ", password="
        + (password == null ? "none" : "***") + ", from=" + from + ", to=" + to + ", max_messages=" + maxMessages + "]";
  }
}

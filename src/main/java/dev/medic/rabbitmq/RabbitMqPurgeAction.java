package dev.medic.rabbitmq;

import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.ActionSpec;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import dev.medic.config.Redact;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Drops every ready message of a queue (queue.purge; messages delivered but not yet acknowledged
 * stay). Destructive: its strategy waits for approval.
 */
public record RabbitMqPurgeAction(String url, String password, String queue, Duration timeout)
    implements ActionSpec {

  public RabbitMqPurgeAction {
    AmqpEndpoint.of(url, password);
    if (queue == null || queue.isBlank()) {
      throw new IllegalArgumentException("queue is required: the queue to purge");
    }
  }

  @Override
  public boolean destructive() {
    return true;
  }

  @Override
  public String describe(ActionContext context) {
    return "rabbitmq_purge " + context.render(queue) + " on " + AmqpEndpoint.of(url, password);
  }

  @Override
  public ActionOutcome run(ActionContext context) {
    AmqpEndpoint endpoint = AmqpEndpoint.of(url, password);
    String name = context.render(queue);
    try (Connection connection = endpoint.connect(effectiveTimeout(), "medic action incident #" + context.incident().id())) {
      if (RabbitMqMoveDeadLettersAction.missing(connection, name) != null) {
        return ActionOutcome.failed("purged nothing: queue '" + name + "' not found in vhost '" + endpoint.vhost() + "'");
      }
      Channel channel = connection.createChannel();
      int purged = channel.queuePurge(name).getMessageCount();
      return purged == 0
          ? ActionOutcome.noEffect("purged 0 messages: '" + name + "' held no ready message")
          : ActionOutcome.ok("purged " + purged + (purged == 1 ? " message" : " messages") + " from '" + name + "'");
    } catch (IOException | TimeoutException | ShutdownSignalException e) {
      return ActionOutcome.failed(endpoint + ": " + AmqpEndpoint.reason(e));
    }
  }

  /** How many ready messages {@link #run} would drop now, dropping none. */
  @Override
  public ActionOutcome plan(ActionContext context) {
    AmqpEndpoint endpoint = AmqpEndpoint.of(url, password);
    String name = context.render(queue);
    try (Connection connection = endpoint.connect(effectiveTimeout(), "medic plan incident #" + context.incident().id())) {
      if (RabbitMqMoveDeadLettersAction.missing(connection, name) != null) {
        return ActionOutcome.failed("would purge nothing: queue '" + name + "' not found in vhost '"
            + endpoint.vhost() + "'");
      }
      long ready = RabbitMqMoveDeadLettersAction.ready(connection, name);
      return ready == 0
          ? ActionOutcome.noEffect("would purge 0 messages: '" + name + "' holds no ready message")
          : ActionOutcome.ok("would purge " + ready + (ready == 1 ? " message" : " messages") + " from '" + name + "'");
    } catch (IOException | TimeoutException | ShutdownSignalException e) {
      return ActionOutcome.failed(endpoint + ": " + AmqpEndpoint.reason(e));
    }
  }

  @Override
  public String toString() {
    return "RabbitMqPurgeAction[url=" + Redact.url(url) + ", password=" + (password == null ? "none" : "***")
        + ", queue=" + queue + "]";
  }
}

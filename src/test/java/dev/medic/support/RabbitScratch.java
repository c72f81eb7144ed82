package dev.medic.support;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Queues of one test on the real RabbitMQ (default vhost, guest/guest): every name starts with a
 * random prefix, and closing deletes the queues it declared.
 */
public final class RabbitScratch implements AutoCloseable {

  public static final String URL = "amqp://guest:guest@127.0.0.1:5672/%2F";

  public final String prefix = "medic-test-" + UUID.randomUUID().toString().substring(0, 8) + ".";
  public final Connection connection;
  public final Channel channel;
  private final List<String> declared = new ArrayList<>();

  public RabbitScratch() {
    try {
      ConnectionFactory f = new ConnectionFactory();
      f.setUri(URL);
      connection = f.newConnection("medic test");
      channel = connection.createChannel();
    } catch (Exception e) {
      throw new IllegalStateException("cannot reach RabbitMQ at " + URL, e);
    }
  }

  /** Declares a durable queue with the prefixed name and returns that name. */
  public String queue(String name) throws Exception {
    return queue(name, Map.of());
  }

  public String queue(String name, Map<String, Object> arguments) throws Exception {
    String q = prefix + name;
    channel.queueDeclare(q, true, false, false, arguments);
    declared.add(q);
    return q;
  }

  public void publish(String queue, String body) throws Exception {
    publish(queue, body, MessageProperties.PERSISTENT_TEXT_PLAIN);
  }

  public void publish(String queue, String body, AMQP.BasicProperties props) throws Exception {
    channel.basicPublish("", queue, props, body.getBytes(StandardCharsets.UTF_8));
  }

  public long depth(String queue) throws Exception {
    return channel.queueDeclarePassive(queue).getMessageCount();
  }

  @Override
  public void close() throws Exception {
    try (Channel cleanup = connection.createChannel()) {
      for (String q : declared) {
        cleanup.queueDelete(q);
      }
    } finally {
      connection.close();
    }
  }
}

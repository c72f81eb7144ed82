package dev.medic.rabbitmq;

import dev.medic.spi.Durations;

import dev.medic.spi.CheckSpec;
import dev.medic.spi.MetricNames;
import dev.medic.spi.Probe;
import dev.medic.spi.ProbeContext;
import dev.medic.config.Redact;
import dev.medic.spi.ThresholdRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Watches a RabbitMQ broker over AMQP 0-9-1 alone (no management plugin): per queue its ready
 * messages and consumers, by passive declare; and the broker's memory and disk alarms, by the
 * {@code connection.blocked} notification.
 *
 * <p>Conditions: {@code rabbitmq_connection_error} (DOWN: cannot connect, log in, or the broker
 * stopped answering), {@code queue_missing} (DOWN: a listed queue does not exist). Rules it brings:
 * per queue {@code stalled_seconds_<queue> >= stalled_after as stalled_queue}; with {@code
 * detect_alarms}: {@code blocked > 0 as broker_blocked}.
 *
 * @param password overrides a password in the URL (use {@code ${ENV}}); never printed
 * @param queues queue names in the URL's vhost
 * @param stalledAfter how long a queue may hold messages with no consumer or without going down
 *     (default 5m)
 * @param detectAlarms keep a second connection that publishes one empty, unroutable message per run
 *     so that the broker tells it when it blocks publishers (default true)
 */
public record RabbitMqCheck(
    String name,
    Duration interval,
    Duration timeout,
    String url,
    String password,
    List<String> queues,
    Duration stalledAfter,
    Boolean detectAlarms)
    implements CheckSpec {

  public RabbitMqCheck {
    name = name == null ? "rabbitmq" : name;
    AmqpEndpoint.of(url, password);
    queues = queues == null ? List.of() : List.copyOf(queues);
    MetricNames.suffixes("queues", queues);
    stalledAfter = stalledAfter == null ? Duration.ofMinutes(5) : stalledAfter;
    Durations.requirePositive("stalled_after", stalledAfter);
    detectAlarms = detectAlarms == null || detectAlarms;
  }

  public AmqpEndpoint endpoint() {
    return AmqpEndpoint.of(url, password);
  }

  public Map<String, String> queueSuffixes() {
    return MetricNames.suffixes("queues", queues);
  }

  @Override
  public java.util.Set<String> conditions() {
    return java.util.Set.of("rabbitmq_connection_error", "queue_missing");
  }

  public Probe create(ProbeContext context) {
    return new RabbitMqProbe(this, context.target(), context.clock());
  }

  @Override
  public List<ThresholdRule> rules() {
    List<ThresholdRule> rules = new ArrayList<>();
    for (String suffix : queueSuffixes().values()) {
      rules.add(new ThresholdRule("stalled_seconds_" + suffix, ">=", Durations.seconds(stalledAfter), null,
          "stalled_queue"));
    }
    if (detectAlarms) {
      rules.add(new ThresholdRule("blocked", ">", 0, null, "broker_blocked"));
    }
    return rules;
  }

  /** Never prints the password, in the URL or on its own. */
  @Override
  public String toString() {
    return "RabbitMqCheck[name=" + name + ", url=" + Redact.url(url)
        + ", password=" + (password == null ? "none" : "***") + ", queues=" + queues + "]";
  }
}

package dev.medic.notify;

import dev.medic.spi.ChannelContext;
import dev.medic.spi.ChannelSpec;
import dev.medic.spi.DeliveryFailure;
import dev.medic.spi.Incident;
import dev.medic.spi.MessageKind;
import dev.medic.spi.Notice;
import dev.medic.spi.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * One test message through one channel, now and once: no outbox, no retry, no audit. What {@code
 * medic notify test} and {@code POST /api/notify/test} both send, so that a channel that passes one
 * passes the other.
 */
public final class TestMessage {

  /**
   * What the channel made of it.
   *
   * @param answer on success, what was accepted by whom; on refusal, the channel's reason (secrets hidden)
   */
  public record Sent(String channel, String destination, boolean accepted, String answer) {}

  private TestMessage() {}

  public static Optional<ChannelSpec> find(List<ChannelSpec> channels, String name) {
    return channels.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /**
   * @param redact hides the config's secrets in a refusal's reason (a receiver may quote a token back)
   * @throws InterruptedException when medic is stopping
   */
  public static Sent send(ChannelSpec channel, ChannelContext context, Instant now, UnaryOperator<String> redact)
      throws InterruptedException {
    try {
      channel.deliver(context, notice(now));
      return new Sent(channel.name(), channel.destination(), true,
          "channel " + channel.name() + " (" + channel.destination() + ") accepted the test message");
    } catch (DeliveryFailure e) {
      return new Sent(channel.name(), channel.destination(), false, redact.apply(e.getMessage()));
    }
  }

  /** An escalation about no real incident, saying plainly that it is a test. */
  static Notice notice(Instant now) {
    Incident incident = Incident.open("medic", "test_message", Severity.CRITICAL,
        "a test message from medic notify test: no incident is open", now).withId(0);
    return new Notice(UUID.randomUUID().toString(), MessageKind.ESCALATION, incident,
        "test message from 'medic notify test': if you read this, the channel works", Map.of());
  }
}

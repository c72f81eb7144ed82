package dev.medic.notify.discord;

import dev.medic.http.HttpValues;
import dev.medic.config.Redact;
import dev.medic.http.HttpDelivery;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.ChannelSpec;
import dev.medic.spi.DeliveryFailure;
import dev.medic.spi.Durations;
import dev.medic.spi.Notice;
import dev.medic.spi.Report;
import dev.medic.spi.ReportChannel;
import dev.medic.spi.Severity;
import dev.medic.spi.SpecProblem;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * POSTs a message with one embed to a Discord webhook ({@link DiscordMessage}). The webhook URL
 * holds its token in the path, so it is written as {@code ${ENV}} in the YAML and shown nowhere.
 * Discord answers 204 No Content.
 *
 * @param username the name the message is posted under, instead of the webhook's own; null keeps it
 */
public record DiscordChannel(String name, URI url, Duration timeout, Severity minSeverity, String username)
    implements ChannelSpec, ReportChannel {

  /** Discord's limit on a webhook's username. */
  private static final int USERNAME_MAX = 80;

  public DiscordChannel {
    if (url == null) {
      throw new IllegalArgumentException("url is required (the Discord webhook URL)");
    }
    if (username != null) {
      if (username.isBlank() || username.length() > USERNAME_MAX) {
        throw new IllegalArgumentException(
            "username must be 1.." + USERNAME_MAX + " characters, got " + username.length());
      }
      // Discord refuses these names with a 400 on every message.
      String lower = username.toLowerCase(Locale.ROOT);
      if (lower.contains("discord") || lower.contains("clyde")) {
        throw new IllegalArgumentException("username cannot contain 'discord' or 'clyde', got '" + username + "'");
      }
    }
    name = name == null ? "discord" : name;
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
  }

  /** People read this channel: pages close together arrive as one message. */
  @Override
  public boolean groups() {
    return true;
  }

  /** Scheme, host and port only: the path holds the webhook's token. */
  @Override
  public String destination() {
    return Redact.origin(url);
  }

  @Override
  public void deliver(ChannelContext context, Notice notice) throws DeliveryFailure, InterruptedException {
    Map<String, String> headers = HttpDelivery.headers("application/json", notice);
    byte[] body = HttpDelivery.json(DiscordMessage.of(notice, username), notice);
    HttpDelivery.requireSuccess(HttpDelivery.post(url, headers, body, timeout, destination()));
  }

  @Override
  public void deliverReport(ChannelContext context, Report report) throws DeliveryFailure, InterruptedException {
    Map<String, String> headers = HttpDelivery.headers("application/json", report.idempotencyKey());
    byte[] body = HttpDelivery.json(DiscordReport.of(report, username), "the report " + report.name());
    HttpDelivery.requireSuccess(HttpDelivery.post(url, headers, body, timeout, destination()));
  }

  @Override
  public List<SpecProblem> problems() {
    return new HttpValues().url("url", url).timeout("timeout", timeout).problems();
  }

  @Override
  public String toString() {
    return "DiscordChannel[name=" + name + ", url=" + destination() + ", timeout=" + Durations.format(timeout)
        + ", min_severity=" + (minSeverity == null ? "all" : minSeverity.key())
        + ", username=" + (username == null ? "default" : username) + "]";
  }
}

package dev.medic.notify.webhook;

import dev.medic.spi.SpecProblem;
import dev.medic.http.HttpDelivery;
import dev.medic.http.HttpValues;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.ChannelSpec;
import dev.medic.spi.DeliveryFailure;
import dev.medic.spi.Notice;
import dev.medic.spi.Severity;
import dev.medic.config.Redact;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * POSTs one JSON document per message: {@code {"event":"escalation","idempotency_key":..,"reason":..,
 * "incident":{..}}}; {@code "event":"approval_needed"} carries an {@code approval_id}, {@code
 * "event":"resolved"} is the all-clear. The key is also sent as the {@code Idempotency-Key} header.
 */
public record WebhookChannel(String name, URI url, Map<String, String> headers, Duration timeout, Severity minSeverity)
    implements ChannelSpec {

  public WebhookChannel {
    if (url == null) {
      throw new IllegalArgumentException("url is required");
    }
    name = name == null ? "webhook" : name;
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
  }

  /** A webhook told about every incident. */
  public WebhookChannel(String name, URI url, Map<String, String> headers, Duration timeout) {
    this(name, url, headers, timeout, null);
  }

  /** People read this channel: pages close together arrive as one message. */
  @Override
  public boolean groups() {
    return true;
  }

  @Override
  public String destination() {
    return Redact.url(url.toString());
  }

  @Override
  public void deliver(ChannelContext context, Notice notice) throws DeliveryFailure, InterruptedException {
    Map<String, String> sent = HttpDelivery.headers("application/json", notice);
    sent.putAll(headers);
    // Only what is quoted is read: a receiver that answers with megabytes does not cost memory.
    HttpDelivery.requireSuccess(HttpDelivery.post(url, sent, notice.payloadBytes(), timeout, destination()));
  }

  @Override
  public java.util.List<SpecProblem> problems() {
    return new HttpValues().url("url", url).headers("headers", headers).timeout("timeout", timeout).problems();
  }
}

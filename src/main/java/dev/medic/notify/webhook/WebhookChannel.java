package dev.medic.notify.webhook;

import dev.medic.http.BodyEscape;
import dev.medic.spi.SpecProblem;
import dev.medic.http.HttpDelivery;
import dev.medic.http.HttpValues;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.ChannelSpec;
import dev.medic.spi.DeliveryFailure;
import dev.medic.spi.Notice;
import dev.medic.spi.Report;
import dev.medic.spi.ReportChannel;
import dev.medic.spi.Severity;
import dev.medic.config.Redact;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * POSTs one JSON document per message: {@code {"event":"escalation","idempotency_key":..,"reason":..,
 * "incident":{..}}}; {@code "event":"approval_needed"} carries an {@code approval_id}, {@code
 * "event":"resolved"} is the all-clear. The key is also sent as the {@code Idempotency-Key} header.
 * With a {@code body} template the receiver gets that instead ({@link WebhookTemplate}), sent as
 * {@code content_type}.
 *
 * @param body a template of the request body, or null for the standard JSON document
 * @param contentType the body's media type, {@code application/json} unless set; it decides how
 *     values are escaped into the template
 */
public record WebhookChannel(String name, URI url, Map<String, String> headers, Duration timeout, Severity minSeverity,
    String body, String contentType)
    implements ChannelSpec, ReportChannel {

  public WebhookChannel {
    if (url == null) {
      throw new IllegalArgumentException("url is required");
    }
    name = name == null ? "webhook" : name;
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    if (contentType != null && body == null) {
      throw new IllegalArgumentException("content_type goes with a body template: without one the body is"
          + " medic's own JSON document");
    }
    contentType = contentType == null ? "application/json" : contentType;
    if (body != null) {
      WebhookTemplate.check(body, BodyEscape.forContentType(contentType));
    }
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
    Map<String, String> sent = HttpDelivery.headers(contentType, notice);
    sent.putAll(headers);
    byte[] content = body == null ? notice.payloadBytes()
        : WebhookTemplate.render(body, notice, BodyEscape.forContentType(contentType)).getBytes(StandardCharsets.UTF_8);
    // Only what is quoted is read: a receiver that answers with megabytes does not cost memory.
    HttpDelivery.requireSuccess(HttpDelivery.post(url, sent, content, timeout, destination()));
  }

  /** {@code {"event":"report","idempotency_key":..,"report":{..}}}, with the key also as the header. */
  @Override
  public void deliverReport(ChannelContext context, Report report) throws DeliveryFailure, InterruptedException {
    Map<String, String> sent = HttpDelivery.headers("application/json", report.idempotencyKey());
    sent.putAll(headers);
    HttpDelivery.requireSuccess(HttpDelivery.post(url, sent, report.payloadBytes(), timeout, destination()));
  }

  @Override
  public java.util.List<SpecProblem> problems() {
    return new HttpValues().url("url", url).headers("headers", headers).timeout("timeout", timeout).problems();
  }

  /** A webhook that sends the standard JSON document. */
  public WebhookChannel(String name, URI url, Map<String, String> headers, Duration timeout, Severity minSeverity) {
    this(name, url, headers, timeout, minSeverity, null, null);
  }
}

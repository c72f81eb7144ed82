package dev.medic.notify.webhook;

import dev.medic.runtime.Agent;
import dev.medic.spi.Durations;
import dev.medic.spi.SpecProblem;
import dev.medic.notify.Causes;
import dev.medic.http.HttpClients;
import dev.medic.http.HttpValues;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.ChannelSpec;
import dev.medic.spi.DeliveryFailure;
import dev.medic.spi.Notice;
import dev.medic.config.Redact;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * POSTs one JSON document per message: {@code {"event":"escalation","idempotency_key":..,"reason":..,
 * "incident":{..}}}; {@code "event":"approval_needed"} carries an {@code approval_id}, {@code
 * "event":"resolved"} is the all-clear. The key is also sent as the {@code Idempotency-Key} header.
 */
public record WebhookChannel(String name, URI url, Map<String, String> headers, Duration timeout)
    implements ChannelSpec {

  /** How much of a refusing answer is quoted in the log and the audit. */
  private static final int QUOTED_BODY = 200;

  public WebhookChannel {
    if (url == null) {
      throw new IllegalArgumentException("url is required");
    }
    name = name == null ? "webhook" : name;
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
  }

  @Override
  public String destination() {
    return Redact.url(url.toString());
  }

  @Override
  public void deliver(ChannelContext context, Notice notice) throws DeliveryFailure, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", "medic")
            .header("Idempotency-Key", notice.idempotencyKey());
    headers.forEach(b::header);
    HttpResponse<InputStream> r;
    try {
      r = context.bindings().require(HttpClients.class).verified().send(b.POST(HttpRequest.BodyPublishers.ofByteArray(notice.payloadBytes())).build(),
          HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new DeliveryFailure(Causes.describe(e), e);
    }
    try (InputStream body = r.body()) {
      // Read only what is quoted: a receiver that answers with megabytes does not cost memory.
      String start = new String(body.readNBytes(QUOTED_BODY), StandardCharsets.UTF_8);
      if (r.statusCode() / 100 != 2) {
        String quoted = start.strip().replaceAll("\\s+", " ");
        throw new DeliveryFailure("HTTP " + r.statusCode() + (quoted.isEmpty() ? "" : ": " + quoted));
      }
    } catch (IOException e) {
      if (r.statusCode() / 100 != 2) {
        throw new DeliveryFailure("HTTP " + r.statusCode(), e);
      }
      // A 2xx whose body broke off: the receiver accepted the message.
    }
  }

  @Override
  public java.util.List<SpecProblem> problems() {
    java.util.List<SpecProblem> problems = new java.util.ArrayList<>(
        new HttpValues().url("url", url).headers("headers", headers).problems());
    if (timeout.isZero()) {
      problems.add(new SpecProblem("timeout", "timeout must be more than 0, got " + Durations.format(timeout)));
    } else if (timeout.compareTo(java.time.Duration.ofHours(24)) > 0) {
      problems.add(new SpecProblem("timeout", "timeout must be at most 24h, got " + Durations.format(timeout)));
    }
    return problems;
  }
}

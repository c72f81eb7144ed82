package dev.medic.notify.webhook;

import dev.medic.spi.Durations;
import dev.medic.spi.SpecProblem;
import dev.medic.notify.Causes;
import dev.medic.http.PlainHttp;
import dev.medic.http.HttpValues;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.ChannelSpec;
import dev.medic.spi.DeliveryFailure;
import dev.medic.spi.Notice;
import dev.medic.spi.Severity;
import dev.medic.config.Redact;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * POSTs one JSON document per message: {@code {"event":"escalation","idempotency_key":..,"reason":..,
 * "incident":{..}}}; {@code "event":"approval_needed"} carries an {@code approval_id}, {@code
 * "event":"resolved"} is the all-clear. The key is also sent as the {@code Idempotency-Key} header.
 */
public record WebhookChannel(String name, URI url, Map<String, String> headers, Duration timeout, Severity minSeverity)
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

  /** A webhook told about every incident. */
  public WebhookChannel(String name, URI url, Map<String, String> headers, Duration timeout) {
    this(name, url, headers, timeout, null);
  }

  @Override
  public String destination() {
    return Redact.url(url.toString());
  }

  @Override
  public void deliver(ChannelContext context, Notice notice) throws DeliveryFailure, InterruptedException {
    Map<String, String> sent = new LinkedHashMap<>();
    sent.put("Content-Type", "application/json");
    sent.put("Idempotency-Key", notice.idempotencyKey());
    sent.putAll(headers);
    PlainHttp.Response r;
    try {
      // Only what is quoted is read: a receiver that answers with megabytes does not cost memory.
      r = PlainHttp.once(new PlainHttp.Request(url, "POST", sent, notice.payloadBytes()), timeout, QUOTED_BODY);
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("stopped while delivering to " + destination());
      }
      throw new DeliveryFailure(Causes.describe(e), e);
    }
    if (r.status() / 100 != 2) {
      String quoted = r.body().strip().replaceAll("\\s+", " ");
      throw new DeliveryFailure("HTTP " + r.status() + (quoted.isEmpty() ? "" : ": " + quoted));
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

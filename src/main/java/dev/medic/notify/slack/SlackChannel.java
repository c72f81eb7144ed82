package dev.medic.notify.slack;

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
import java.util.Map;

/**
 * POSTs a Block Kit message to a Slack incoming webhook ({@link SlackMessage}). The webhook URL's
 * path is its secret (anyone holding it can post), so it is written as {@code ${ENV}} in the YAML
 * and shown nowhere. Slack answers 200 with the body {@code ok}.
 */
public record SlackChannel(String name, URI url, Duration timeout, Severity minSeverity) implements ChannelSpec, ReportChannel {

  public SlackChannel {
    if (url == null) {
      throw new IllegalArgumentException("url is required (the Slack incoming-webhook URL)");
    }
    name = name == null ? "slack" : name;
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
  }

  /** People read this channel: pages close together arrive as one message. */
  @Override
  public boolean groups() {
    return true;
  }

  /** Scheme, host and port only: the path is the webhook's secret. */
  @Override
  public String destination() {
    return Redact.origin(url);
  }

  @Override
  public void deliver(ChannelContext context, Notice notice) throws DeliveryFailure, InterruptedException {
    Map<String, String> headers = HttpDelivery.headers("application/json; charset=utf-8", notice);
    byte[] body = HttpDelivery.json(SlackMessage.of(notice), notice);
    HttpDelivery.requireSuccess(HttpDelivery.post(url, headers, body, timeout, destination()));
  }

  @Override
  public void deliverReport(ChannelContext context, Report report) throws DeliveryFailure, InterruptedException {
    Map<String, String> headers = HttpDelivery.headers("application/json; charset=utf-8", report.idempotencyKey());
    byte[] body = HttpDelivery.json(SlackReport.of(report), "the report " + report.name());
    HttpDelivery.requireSuccess(HttpDelivery.post(url, headers, body, timeout, destination()));
  }

  @Override
  public List<SpecProblem> problems() {
    return new HttpValues().url("url", url).timeout("timeout", timeout).problems();
  }

  @Override
  public String toString() {
    return "SlackChannel[name=" + name + ", url=" + destination() + ", timeout=" + Durations.format(timeout)
        + ", min_severity=" + (minSeverity == null ? "all" : minSeverity.key()) + "]";
  }
}

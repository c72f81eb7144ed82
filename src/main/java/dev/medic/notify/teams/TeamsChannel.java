package dev.medic.notify.teams;

import dev.medic.config.Redact;
import dev.medic.http.HttpDelivery;
import dev.medic.http.HttpValues;
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
 * POSTs an Adaptive Card ({@link TeamsCard}) to a Microsoft Teams Workflows (Power Automate) webhook,
 * which replaced the retired Office 365 connectors. The webhook URL carries its signature in the path
 * and query, so it is written as {@code ${ENV}} in the YAML and shown nowhere. Workflows answer 202.
 */
public record TeamsChannel(String name, URI url, Duration timeout, Severity minSeverity) implements ChannelSpec, ReportChannel {

  public TeamsChannel {
    if (url == null) {
      throw new IllegalArgumentException("url is required (the Teams Workflows webhook URL)");
    }
    name = name == null ? "teams" : name;
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
  }

  /** People read this channel: pages close together arrive as one message. */
  @Override
  public boolean groups() {
    return true;
  }

  /** Scheme, host and port only: the path and query hold the webhook's signature. */
  @Override
  public String destination() {
    return Redact.origin(url);
  }

  @Override
  public void deliver(ChannelContext context, Notice notice) throws DeliveryFailure, InterruptedException {
    Map<String, String> headers = HttpDelivery.headers("application/json", notice);
    byte[] body = HttpDelivery.json(TeamsCard.of(notice), notice);
    HttpDelivery.requireSuccess(HttpDelivery.post(url, headers, body, timeout, destination()));
  }

  @Override
  public void deliverReport(ChannelContext context, Report report) throws DeliveryFailure, InterruptedException {
    Map<String, String> headers = HttpDelivery.headers("application/json", report.idempotencyKey());
    byte[] body = HttpDelivery.json(TeamsReport.of(report), "the report " + report.name());
    HttpDelivery.requireSuccess(HttpDelivery.post(url, headers, body, timeout, destination()));
  }

  @Override
  public List<SpecProblem> problems() {
    return new HttpValues().url("url", url).timeout("timeout", timeout).problems();
  }

  @Override
  public String toString() {
    return "TeamsChannel[name=" + name + ", url=" + destination() + ", timeout=" + Durations.format(timeout)
        + ", min_severity=" + (minSeverity == null ? "all" : minSeverity.key()) + "]";
  }
}

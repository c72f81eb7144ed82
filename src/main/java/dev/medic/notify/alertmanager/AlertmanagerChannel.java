package dev.medic.notify.alertmanager;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.config.Redact;
import dev.medic.http.HttpDelivery;
import dev.medic.http.HttpValues;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.ChannelSpec;
import dev.medic.spi.DeliveryFailure;
import dev.medic.spi.Durations;
import dev.medic.spi.Notice;
import dev.medic.spi.MessageKind;
import dev.medic.spi.Severity;
import dev.medic.spi.SpecProblem;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Posts each notice in the body Alertmanager's webhook receiver sends ({@link AlertmanagerWebhook}), so a
 * receiver written for Alertmanager understands medic unchanged: escalations and approvals fire, the
 * all-clear resolves.
 *
 * @param url the receiver; its query or user info may hold a secret, so it is shown redacted
 * @param externalUrl what the body names as {@code externalURL}, empty by default
 */
public record AlertmanagerChannel(String name, URI url, String externalUrl, Duration timeout, Severity minSeverity)
    implements ChannelSpec {

  private static final AlertmanagerWebhook BODIES = new AlertmanagerWebhook(new ObjectMapper());

  public AlertmanagerChannel {
    if (url == null) {
      throw new IllegalArgumentException("url is required (the webhook receiver to post alerts to)");
    }
    name = name == null ? "alertmanager" : name;
    externalUrl = externalUrl == null ? "" : externalUrl;
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
  }

  /** Alertmanager's alerts fire or resolve; an acknowledgement has no place in them. */
  @Override
  public boolean carries(MessageKind kind) {
    return kind != MessageKind.ACKNOWLEDGED;
  }

  /** Receivers often take their token in the query, so the query is hidden as well as the password. */
  @Override
  public String destination() {
    String shown = Redact.url(url.toString());
    int query = shown.indexOf('?');
    return query < 0 ? shown : shown.substring(0, query) + "?***";
  }

  @Override
  public void deliver(ChannelContext context, Notice notice) throws DeliveryFailure, InterruptedException {
    Map<String, String> headers = HttpDelivery.headers("application/json", notice);
    HttpDelivery.requireSuccess(
        HttpDelivery.post(url, headers, BODIES.body(name, externalUrl, notice), timeout, destination()));
  }

  @Override
  public List<SpecProblem> problems() {
    return new HttpValues().url("url", url).timeout("timeout", timeout).problems();
  }

  @Override
  public String toString() {
    return "AlertmanagerChannel[name=" + name + ", url=" + destination() + ", external_url=" + externalUrl
        + ", timeout=" + Durations.format(timeout) + ", min_severity="
        + (minSeverity == null ? "all" : minSeverity.key()) + "]";
  }
}

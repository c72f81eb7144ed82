package dev.medic.notify.pagerduty;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.config.Redact;
import dev.medic.http.HttpValues;
import dev.medic.http.HttpDelivery;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.ChannelSpec;
import dev.medic.spi.DeliveryFailure;
import dev.medic.spi.Durations;
import dev.medic.spi.Notice;
import dev.medic.spi.Severity;
import dev.medic.spi.SpecProblem;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sends each notice to PagerDuty's Events API v2 ({@link PagerDutyEvent}): escalations and approvals
 * trigger an alert, the all-clear resolves it. PagerDuty answers 202; a 400 (invalid event) or a 429
 * (rate limited) is a failed attempt that the outbox tries again.
 *
 * @param routingKey the integration key of a PagerDuty service, a secret (write it as {@code ${ENV}})
 */
public record PagerDutyChannel(String name, String routingKey, URI url, Duration timeout, Severity minSeverity)
    implements ChannelSpec {

  public static final URI DEFAULT_URL = URI.create("https://events.pagerduty.com/v2/enqueue");
  /** Enough of a refusing answer to quote PagerDuty's list of errors. */
  private static final int QUOTED_BODY = 1000;
  private static final PagerDutyEvent EVENTS = new PagerDutyEvent(new ObjectMapper());

  public PagerDutyChannel {
    if (routingKey == null || routingKey.isBlank()) {
      throw new IllegalArgumentException("routing_key is required (the integration key of a PagerDuty service, "
          + "best written as ${PAGERDUTY_ROUTING_KEY})");
    }
    name = name == null ? "pagerduty" : name;
    url = url == null ? DEFAULT_URL : url;
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
  }

  @Override
  public String destination() {
    return Redact.url(url.toString());
  }

  @Override
  public void deliver(ChannelContext context, Notice notice) throws DeliveryFailure, InterruptedException {
    Map<String, String> headers = HttpDelivery.headers("application/json", notice);
    HttpDelivery.requireSuccess(
        HttpDelivery.post(url, headers, EVENTS.body(routingKey, notice), timeout, destination(), QUOTED_BODY));
  }

  @Override
  public List<SpecProblem> problems() {
    List<SpecProblem> problems = new ArrayList<>(new HttpValues().url("url", url).timeout("timeout", timeout).problems());
    if (routingKey.chars().anyMatch(Character::isWhitespace)) {
      problems.add(new SpecProblem("routing_key", "routing_key cannot hold spaces or line breaks"));
    }
    return problems;
  }

  /** Never shows the routing key: whoever has it can page the service's on-call. */
  @Override
  public String toString() {
    return "PagerDutyChannel[name=" + name + ", routing_key=***, url=" + destination() + ", timeout="
        + Durations.format(timeout) + ", min_severity=" + (minSeverity == null ? "all" : minSeverity.key()) + "]";
  }
}

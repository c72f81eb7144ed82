package dev.medic.notify.cdevents;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.config.Redact;
import dev.medic.http.HttpDelivery;
import dev.medic.http.HttpValues;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.ChannelSpec;
import dev.medic.spi.DeliveryFailure;
import dev.medic.spi.Durations;
import dev.medic.spi.Notice;
import dev.medic.spi.Severity;
import dev.medic.spi.SpecProblem;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Posts each notice as a CDEvents incident event in a structured-mode CloudEvent ({@link CdEvent}), so
 * a CDEvents consumer (DORA metrics, an event broker) sees medic's incidents from detection to resolution.
 *
 * @param source the CloudEvents and CDEvents {@code source}, {@code medic} by default
 * @param environment the CDEvents environment id the incidents happen in, {@code default} by default
 */
public record CdEventsChannel(String name, URI url, String source, String environment, Duration timeout,
    Severity minSeverity) implements ChannelSpec {

  private static final CdEvent EVENTS = new CdEvent(new ObjectMapper());

  public CdEventsChannel {
    if (url == null) {
      throw new IllegalArgumentException("url is required (the CloudEvents receiver or broker to post events to)");
    }
    if (source != null && source.isBlank()) {
      throw new IllegalArgumentException("source cannot be blank (CloudEvents requires a non-empty source)");
    }
    if (environment != null && environment.isBlank()) {
      throw new IllegalArgumentException("environment cannot be blank (CDEvents requires an environment id)");
    }
    name = name == null ? "cdevents" : name;
    source = source == null ? "medic" : source;
    environment = environment == null ? "default" : environment;
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
  }

  /** A broker's token may ride in the query, so the query is hidden as well as the password. */
  @Override
  public String destination() {
    String shown = Redact.url(url.toString());
    int query = shown.indexOf('?');
    return query < 0 ? shown : shown.substring(0, query) + "?***";
  }

  @Override
  public void deliver(ChannelContext context, Notice notice) throws DeliveryFailure, InterruptedException {
    Map<String, String> headers = HttpDelivery.headers("application/cloudevents+json", notice);
    HttpDelivery.requireSuccess(
        HttpDelivery.post(url, headers, EVENTS.body(source, environment, notice), timeout, destination()));
  }

  @Override
  public List<SpecProblem> problems() {
    return new HttpValues().url("url", url).timeout("timeout", timeout).problems();
  }

  @Override
  public String toString() {
    return "CdEventsChannel[name=" + name + ", url=" + destination() + ", source=" + source + ", environment="
        + environment + ", timeout=" + Durations.format(timeout) + ", min_severity="
        + (minSeverity == null ? "all" : minSeverity.key()) + "]";
  }
}

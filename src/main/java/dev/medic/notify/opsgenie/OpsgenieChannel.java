package dev.medic.notify.opsgenie;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sends each notice to Opsgenie's Alert API ({@link OpsgenieRequests}): escalations and approvals
 * create an alert aliased {@code medic-<incident id>}, the all-clear closes it. Opsgenie answers 202.
 *
 * @param apiKey an API integration key, a secret (write it as {@code ${ENV}})
 * @param url the API's base: {@code https://api.opsgenie.com}, or {@code https://api.eu.opsgenie.com} in the EU
 * @param responders Opsgenie responder objects, such as {@code {type: team, name: ops}}
 */
public record OpsgenieChannel(String name, String apiKey, URI url, Duration timeout, Severity minSeverity,
    List<Map<String, String>> responders, List<String> tags) implements ChannelSpec {

  public static final URI DEFAULT_URL = URI.create("https://api.opsgenie.com");
  /** Opsgenie refuses an alert with more tags. */
  private static final int MAX_TAGS = 20;
  private static final Set<String> RESPONDER_TYPES = Set.of("team", "user", "escalation", "schedule");
  /** Enough of a refusing answer to quote Opsgenie's reason. */
  private static final int QUOTED_BODY = 500;
  private static final OpsgenieRequests REQUESTS = new OpsgenieRequests(new ObjectMapper());

  public OpsgenieChannel {
    if (apiKey == null || apiKey.isBlank()) {
      throw new IllegalArgumentException("api_key is required (an Opsgenie API integration key, "
          + "best written as ${OPSGENIE_API_KEY})");
    }
    name = name == null ? "opsgenie" : name;
    url = url == null ? DEFAULT_URL : url;
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    responders = responders == null ? List.of() : responders.stream().map(Map::copyOf).toList();
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  @Override
  public String destination() {
    return Redact.url(url.toString());
  }

  @Override
  public void deliver(ChannelContext context, Notice notice) throws DeliveryFailure, InterruptedException {
    OpsgenieRequests.Call call = REQUESTS.of(url, responders, tags, notice);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Authorization", "GenieKey " + apiKey);
    headers.put("Idempotency-Key", notice.idempotencyKey());
    HttpDelivery.requireSuccess(HttpDelivery.post(call.url(), headers, call.body(), timeout, destination(), QUOTED_BODY));
  }

  @Override
  public List<SpecProblem> problems() {
    List<SpecProblem> problems = new ArrayList<>(new HttpValues().url("url", url).timeout("timeout", timeout).problems());
    if (apiKey.chars().anyMatch(Character::isWhitespace)) {
      problems.add(new SpecProblem("api_key", "api_key cannot hold spaces or line breaks"));
    }
    if (tags.size() > MAX_TAGS) {
      problems.add(new SpecProblem("tags", "Opsgenie takes at most " + MAX_TAGS + " tags, got " + tags.size()));
    }
    for (int i = 0; i < responders.size(); i++) {
      String problem = responderProblem(responders.get(i));
      if (problem != null) {
        problems.add(new SpecProblem("responders[" + i + "]", problem));
      }
    }
    return problems;
  }

  /** Opsgenie names a team, escalation or schedule by id or name, and a user by id or username. */
  private static String responderProblem(Map<String, String> responder) {
    String type = responder.get("type");
    if (type == null || !RESPONDER_TYPES.contains(type)) {
      return "type must be team, user, escalation or schedule, got " + (type == null ? "none" : "'" + type + "'");
    }
    String naming = type.equals("user") ? "username" : "name";
    if (!responder.containsKey("id") && !responder.containsKey(naming)) {
      return "a " + type + " responder needs id or " + naming + ", got " + responder.keySet();
    }
    return null;
  }

  /** Never shows the API key: whoever has it can open and close alerts. */
  @Override
  public String toString() {
    return "OpsgenieChannel[name=" + name + ", api_key=***, url=" + destination() + ", timeout="
        + Durations.format(timeout) + ", min_severity=" + (minSeverity == null ? "all" : minSeverity.key())
        + ", responders=" + responders + ", tags=" + tags + "]";
  }
}

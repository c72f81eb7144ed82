package dev.medic.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.medic.incident.Incident;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * POSTs one JSON document per notice: {@code {"event":"escalation","reason":..,"incident":{..}}}, or
 * {@code "event":"approval_needed"} with an {@code approval_id} when a destructive remedy waits.
 */
public record WebhookChannel(String name, URI url, Map<String, String> headers, Duration timeout)
    implements ChannelSpec {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  public WebhookChannel {
    if (url == null) {
      throw new IllegalArgumentException("url is required");
    }
    name = name == null ? "webhook" : name;
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
  }

  public static Map<String, Object> payload(String event, Incident incident, String reason, Map<String, Object> extra) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("event", event);
    body.put("reason", reason);
    body.putAll(extra);
    body.put("incident", incident);
    return body;
  }

  @Override
  public void send(HttpClient http, String event, Incident incident, String reason, Map<String, Object> extra)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", "medic");
    headers.forEach(b::header);
    byte[] json = JSON.writeValueAsBytes(payload(event, incident, reason, extra));
    HttpResponse<Void> r =
        http.send(b.POST(HttpRequest.BodyPublishers.ofByteArray(json)).build(),
            HttpResponse.BodyHandlers.discarding());
    if (r.statusCode() / 100 != 2) {
      throw new IOException("webhook " + name + " answered " + r.statusCode());
    }
  }
}

package dev.medic.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.config.AgentSettings;
import dev.medic.config.Redact;
import dev.medic.http.PlainHttp;
import dev.medic.notify.Causes;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One call of the heartbeat URL: a {@code GET}, or a {@code POST} with medic's version, uptime and
 * open incident count as JSON. Anything but a 2xx answer within the timeout is a failed ping.
 */
final class HeartbeatPing {

  /** A receiver's answer is not read beyond this: only its status matters. */
  private static final int KEPT_BODY = 256;

  /** What a {@code POST} tells the receiver. */
  record Status(String version, long uptimeSeconds, int openIncidents) {}

  private final ObjectMapper json = new ObjectMapper();

  /** @return why the ping failed, in words fit for the log (the URL's path and query hidden); empty if it went through */
  Optional<String> send(AgentSettings.Heartbeat settings, Status status) throws InterruptedException {
    URI url = URI.create(settings.url());
    Map<String, String> headers = new LinkedHashMap<>();
    byte[] body = null;
    if (settings.method().equals("POST")) {
      headers.put("Content-Type", "application/json");
      body = body(status);
    }
    try {
      PlainHttp.Response r = PlainHttp.once(new PlainHttp.Request(url, settings.method(), headers, body),
          settings.timeout(), KEPT_BODY);
      return r.status() / 100 == 2 ? Optional.empty() : Optional.of("answered HTTP " + r.status());
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("stopped while calling the heartbeat URL");
      }
      // The URL's path is the secret of most such receivers (hc-ping.com/<uuid>): never in the log.
      return Optional.of(Causes.describe(e).replace(settings.url(), Redact.origin(url)));
    }
  }

  private byte[] body(Status status) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("medic", status.version());
    doc.put("uptime_seconds", status.uptimeSeconds());
    doc.put("open_incidents", status.openIncidents());
    try {
      return json.writeValueAsBytes(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the heartbeat body", e);
    }
  }
}

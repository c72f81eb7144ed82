package dev.medic.notify.ntfy;

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A push notification through ntfy: {@code POST {server}/{topic}} with the message as the plain-text
 * body and {@code Title}, {@code Priority} and {@code Tags} headers. With a {@code token} (an access
 * token of a protected server or topic) it is sent as {@code Authorization: Bearer}.
 */
public record NtfyChannel(String name, URI server, String topic, String token, Duration timeout, Severity minSeverity)
    implements ChannelSpec {

  static final URI DEFAULT_SERVER = URI.create("https://ntfy.sh");

  /** ntfy's own rule for topic names. */
  private static final Pattern TOPIC = Pattern.compile("[-_A-Za-z0-9]{1,64}");

  public NtfyChannel {
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("topic is required");
    }
    if (!TOPIC.matcher(topic).matches()) {
      throw new IllegalArgumentException("topic must be 1 to 64 letters, digits, - or _, got '" + topic + "'");
    }
    name = name == null ? "ntfy" : name;
    server = server == null ? DEFAULT_SERVER : server;
    token = token == null || token.isEmpty() ? null : token;
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
  }

  URI topicUri() {
    String base = server.toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base + "/" + topic);
  }

  /** People read this channel: pages close together arrive as one message. */
  @Override
  public boolean groups() {
    return true;
  }

  @Override
  public String destination() {
    return Redact.url(topicUri().toString());
  }

  /** The request headers, every value one line of ASCII. */
  Map<String, String> headers(Notice notice) {
    Map<String, String> headers = HttpDelivery.headers("text/plain; charset=utf-8", notice);
    headers.put("Title", HeaderText.of(NtfyText.title(notice)));
    headers.put("Priority", NtfyText.priority(notice));
    headers.put("Tags", NtfyText.tags(notice));
    if (token != null) {
      headers.put("Authorization", "Bearer " + token);
    }
    return headers;
  }

  @Override
  public void deliver(ChannelContext context, Notice notice) throws DeliveryFailure, InterruptedException {
    byte[] body = NtfyText.message(notice).getBytes(StandardCharsets.UTF_8);
    HttpDelivery.requireSuccess(HttpDelivery.post(topicUri(), headers(notice), body, timeout, destination()));
  }

  @Override
  public List<SpecProblem> problems() {
    List<SpecProblem> problems = new ArrayList<>(new HttpValues().url("server", server).timeout("timeout", timeout).problems());
    if (token != null && !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      // The value is a secret: it is never quoted.
      problems.add(new SpecProblem("token", "token must be one word of printable ASCII (an ntfy access token, tk_...)"));
    }
    return problems;
  }

  @Override
  public String toString() {
    return "NtfyChannel[name=" + name + ", server=" + Redact.url(server.toString()) + ", topic=" + topic
        + ", token=" + (token == null ? "none" : "***") + ", timeout=" + Durations.format(timeout)
        + ", min_severity=" + minSeverity + "]";
  }
}

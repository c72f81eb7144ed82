package dev.medic.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.notify.Causes;
import dev.medic.spi.DeliveryFailure;
import dev.medic.spi.Notice;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One message to a receiver over HTTP, the way every HTTP channel sends it: one {@code POST} on a
 * connection of its own; a refused or broken connection is a {@link DeliveryFailure} in words a
 * person can act on; a stop of medic an {@link InterruptedException} (the message stays queued).
 */
public final class HttpDelivery {

  /** How much of a refusing answer is quoted in the log and the audit. */
  public static final int QUOTED_BODY = 200;

  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpDelivery() {}

  /** The headers every message carries: its content type and its idempotency key, in that order. */
  public static Map<String, String> headers(String contentType, Notice notice) {
    return headers(contentType, notice.idempotencyKey());
  }

  /** The same for a message that is not a notice (a report), with its own idempotency key. */
  public static Map<String, String> headers(String contentType, String idempotencyKey) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", contentType);
    headers.put("Idempotency-Key", idempotencyKey);
    return headers;
  }

  /** A message document as JSON; one that cannot be written is a mistake of medic's, not the receiver's. */
  public static byte[] json(Object document, Notice notice) {
    return json(document, "the message about incident #" + notice.incident().id());
  }

  /** @param what the message, for the error: {@code the report morning} */
  public static byte[] json(Object document, String what) {
    try {
      return JSON.writeValueAsBytes(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + what, e);
    }
  }

  /**
   * @param destination where it goes, fit for logs (secrets hidden)
   * @return the answer, whatever its status
   */
  public static PlainHttp.Response post(URI url, Map<String, String> headers, byte[] body, Duration timeout,
      String destination) throws DeliveryFailure, InterruptedException {
    return post(url, headers, body, timeout, destination, QUOTED_BODY);
  }

  /** @param kept how much of the answer's body to keep (a receiver whose errors are worth quoting in full) */
  public static PlainHttp.Response post(URI url, Map<String, String> headers, byte[] body, Duration timeout,
      String destination, int kept) throws DeliveryFailure, InterruptedException {
    try {
      return PlainHttp.once(new PlainHttp.Request(url, "POST", headers, body), timeout, kept);
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("stopped while delivering to " + destination);
      }
      throw new DeliveryFailure(Causes.describe(e), e);
    }
  }

  /** Anything but a 2xx is a failed attempt, quoting the start of what the receiver said. */
  public static void requireSuccess(PlainHttp.Response r) throws DeliveryFailure {
    if (r.status() / 100 != 2) {
      String quoted = r.body().strip().replaceAll("\\s+", " ");
      throw new DeliveryFailure("HTTP " + r.status() + (quoted.isEmpty() ? "" : ": " + quoted));
    }
  }
}

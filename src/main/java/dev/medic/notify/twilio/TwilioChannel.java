package dev.medic.notify.twilio;

import static java.nio.charset.StandardCharsets.UTF_8;

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
import java.net.URLEncoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An SMS to each number in {@code to} through Twilio's Messages API:
 * {@code POST {url}/2010-04-01/Accounts/{sid}/Messages.json}, form-encoded, HTTP Basic {@code sid:token}.
 * Twilio answers 201. Every number is tried; if any fails, the delivery fails naming them, and the outbox
 * retries the whole notice, so a number already reached may get the same text again.
 *
 * @param authToken the account's auth token, a secret (write it as {@code ${ENV}})
 * @param from a sending number in E.164, or a messaging service SID ({@code MG...})
 * @param minSeverity defaults to critical: an SMS wakes people, so warnings go elsewhere unless asked for
 */
public record TwilioChannel(String name, String accountSid, String authToken, String from, List<String> to,
    URI url, Duration timeout, Severity minSeverity) implements ChannelSpec {

  public static final URI DEFAULT_URL = URI.create("https://api.twilio.com");

  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
  private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-fA-F]{32}");
  private static final Pattern SERVICE_SID = Pattern.compile("MG[0-9a-fA-F]{32}");

  public TwilioChannel {
    if (accountSid == null || !ACCOUNT_SID.matcher(accountSid).matches()) {
      throw new IllegalArgumentException("account_sid must be AC followed by 32 hex digits, got '" + accountSid + "'");
    }
    if (authToken == null || authToken.isBlank()) {
      throw new IllegalArgumentException("auth_token is required (write auth_token: ${TWILIO_AUTH_TOKEN})");
    }
    if (from == null || !(E164.matcher(from).matches() || SERVICE_SID.matcher(from).matches())) {
      throw new IllegalArgumentException("from must be a phone number like +15551234567 or a messaging service SID"
          + " (MG...), got '" + from + "'");
    }
    if (to == null || to.isEmpty()) {
      throw new IllegalArgumentException("to must list at least one phone number like +15551234567");
    }
    for (int n = 0; n < to.size(); n++) {
      String number = to.get(n);
      if (number == null || !E164.matcher(number).matches()) {
        throw new IllegalArgumentException(
            "to[" + n + "] must be a phone number like +15551234567, got '" + number + "'");
      }
    }
    to = List.copyOf(to);
    name = name == null ? "twilio" : name;
    url = url == null ? DEFAULT_URL : url;
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    minSeverity = minSeverity == null ? Severity.CRITICAL : minSeverity;
  }

  /** The API and account; the token travels in a header and is never shown. */
  @Override
  public String destination() {
    return Redact.url(url.toString()) + " account " + accountSid;
  }

  @Override
  public void deliver(ChannelContext context, Notice notice) throws DeliveryFailure, InterruptedException {
    URI messages = URI.create(url.toString().replaceAll("/+$", "") + "/2010-04-01/Accounts/" + accountSid
        + "/Messages.json");
    String text = TwilioText.of(notice);
    List<String> failed = new ArrayList<>();
    for (String number : to) {
      try {
        HttpDelivery.requireSuccess(HttpDelivery.post(messages, headers(notice), form(number, text),
            timeout, destination() + " to " + number));
      } catch (DeliveryFailure e) {
        failed.add(number + ": " + e.getMessage());
      }
    }
    if (!failed.isEmpty()) {
      throw new DeliveryFailure("SMS not sent to " + String.join("; ", failed)
          + " (" + (to.size() - failed.size()) + " of " + to.size() + " sent)");
    }
  }

  private Map<String, String> headers(Notice notice) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/x-www-form-urlencoded");
    headers.put("Authorization",
        "Basic " + Base64.getEncoder().encodeToString((accountSid + ":" + authToken).getBytes(UTF_8)));
    // Twilio's Messages API ignores it; a proxy in between may use it to drop a repeat.
    headers.put("Idempotency-Key", notice.idempotencyKey());
    return headers;
  }

  private byte[] form(String number, String text) {
    String sender = from.startsWith("MG") ? "MessagingServiceSid=" : "From=";
    return ("To=" + encode(number) + "&" + sender + encode(from) + "&Body=" + encode(text)).getBytes(UTF_8);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, UTF_8);
  }

  @Override
  public List<SpecProblem> problems() {
    return new HttpValues().url("url", url).timeout("timeout", timeout).problems();
  }

  @Override
  public String toString() {
    return "TwilioChannel[name=" + name + ", account_sid=" + accountSid + ", auth_token=***, from=" + from
        + ", to=" + to + ", url=" + Redact.url(url.toString()) + ", timeout=" + Durations.format(timeout)
        + ", min_severity=" + minSeverity.key() + "]";
  }
}

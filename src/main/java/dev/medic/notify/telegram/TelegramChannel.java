package dev.medic.notify.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.medic.config.Redact;
import dev.medic.http.HttpDelivery;
import dev.medic.http.HttpValues;
import dev.medic.http.PlainHttp;
import dev.medic.notify.Causes;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.ChannelSpec;
import dev.medic.spi.DeliveryFailure;
import dev.medic.spi.Durations;
import dev.medic.spi.Notice;
import dev.medic.spi.Severity;
import dev.medic.spi.SpecProblem;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A message to a Telegram chat through a bot: {@code POST {api_url}/bot{token}/sendMessage} with
 * {@code {"chat_id", "text", "parse_mode": "MarkdownV2", "disable_web_page_preview": true}}. The token
 * is in the request path, so it is kept out of {@link #destination()}, {@link #toString()} and every
 * failure message.
 *
 * @param disableNotification true: messages about warnings arrive without a sound; critical ones always ring
 */
public record TelegramChannel(String name, String botToken, String chatId, URI apiUrl, Duration timeout,
    Severity minSeverity, Boolean disableNotification) implements ChannelSpec {

  static final URI DEFAULT_API = URI.create("https://api.telegram.org");

  /** A numeric chat id (groups and channels are negative) or a public channel's {@code @username}. */
  private static final Pattern CHAT = Pattern.compile("-?\\d+|@[A-Za-z0-9_]{5,32}");

  /** What BotFather hands out: the bot's id, a colon, and a secret of URL-safe characters. */
  private static final Pattern TOKEN = Pattern.compile("\\d+:[A-Za-z0-9_-]+");

  /** Enough of an answer to read Telegram's {@code description}; less of it is quoted. */
  private static final int READ_BODY = 4096;
  private static final int QUOTED = 200;

  private static final ObjectMapper JSON = new ObjectMapper();

  public TelegramChannel {
    if (botToken == null || botToken.isBlank()) {
      throw new IllegalArgumentException("bot_token is required (write bot_token: ${TELEGRAM_BOT_TOKEN})");
    }
    if (chatId == null || chatId.isBlank()) {
      throw new IllegalArgumentException("chat_id is required");
    }
    if (!CHAT.matcher(chatId).matches()) {
      throw new IllegalArgumentException(
          "chat_id must be a numeric chat id (like -1001234567890) or a channel's @username, got '" + chatId + "'");
    }
    name = name == null ? "telegram" : name;
    apiUrl = apiUrl == null ? DEFAULT_API : apiUrl;
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    disableNotification = disableNotification != null && disableNotification;
  }

  /** The Bot API URL for sending; it holds the token: never show it. */
  URI sendMessageUri() {
    String base = apiUrl.toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base + "/bot" + botToken + "/sendMessage");
  }

  /** People read this channel: pages close together arrive as one message. */
  @Override
  public boolean groups() {
    return true;
  }

  @Override
  public String destination() {
    return Redact.url(apiUrl.toString()) + " chat " + chatId;
  }

  /** The request body, per the Bot API's sendMessage. */
  byte[] body(Notice notice) {
    ObjectNode body = JSON.createObjectNode();
    body.put("chat_id", chatId);
    body.put("text", TelegramText.markdown(notice));
    body.put("parse_mode", "MarkdownV2");
    body.put("disable_web_page_preview", true);
    if (disableNotification && notice.incident().severity() == Severity.WARNING) {
      body.put("disable_notification", true);
    }
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the Telegram message of incident #" + notice.incident().id(), e);
    }
  }

  @Override
  public void deliver(ChannelContext context, Notice notice) throws DeliveryFailure, InterruptedException {
    Map<String, String> headers = HttpDelivery.headers("application/json", notice);
    PlainHttp.Response r;
    try {
      r = PlainHttp.once(new PlainHttp.Request(sendMessageUri(), "POST", headers, body(notice)), timeout, READ_BODY);
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("stopped while delivering to " + destination());
      }
      throw new DeliveryFailure(hideToken(Causes.describe(e)), e);
    } catch (IllegalArgumentException e) {
      // The client refuses a URL it cannot send to; its message quotes the URL, token and all.
      throw new DeliveryFailure(hideToken(Causes.describe(e)));
    }
    JsonNode answer = parse(r.body());
    boolean refused = answer != null && answer.path("ok").isBoolean() && !answer.path("ok").asBoolean();
    if (r.status() / 100 != 2 || refused) {
      String said = answer != null && answer.hasNonNull("description")
          ? answer.get("description").asText()
          : r.body().strip().replaceAll("\\s+", " ");
      said = hideToken(said.length() > QUOTED ? said.substring(0, QUOTED) + "..." : said);
      throw new DeliveryFailure("HTTP " + r.status() + (said.isEmpty() ? "" : ": " + said));
    }
  }

  private static JsonNode parse(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null; // a proxy's HTML page: quoted as it is
    }
  }

  /** Any text that might quote the request path, with the token replaced. */
  String hideToken(String text) {
    return text == null ? null : text.replace(botToken, "***");
  }

  @Override
  public List<SpecProblem> problems() {
    List<SpecProblem> problems = new ArrayList<>(new HttpValues().url("api_url", apiUrl).timeout("timeout", timeout).problems());
    if (!TOKEN.matcher(botToken).matches()) {
      // The value itself is never quoted: it is a secret.
      problems.add(new SpecProblem("bot_token", "bot_token does not look like a bot token (digits, a colon, then"
          + " letters, digits, _ or -, as BotFather gives it)"));
    }
    return problems;
  }

  @Override
  public String toString() {
    return "TelegramChannel[name=" + name + ", bot_token=***, chat_id=" + chatId + ", api_url="
        + Redact.url(apiUrl.toString()) + ", timeout=" + Durations.format(timeout)
        + ", min_severity=" + minSeverity + ", disable_notification=" + disableNotification + "]";
  }
}

package dev.medic.notify.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.medic.config.ConfigException;
import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import dev.medic.runtime.Plugins;
import dev.medic.spi.Severity;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The telegram channel as written in medic.yaml. */
class TelegramConfigTest {

  private static final String TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
  private static final Map<String, String> ENV = Map.of("TELEGRAM_BOT_TOKEN", TOKEN);

  private static MedicConfig load(String yaml) throws ConfigException {
    return new ConfigLoader(Plugins.registry(), ENV::get).parse("medic.yaml", yaml);
  }

  @Test
  void bindsEveryKeyWithTheTokenFromTheEnvironment() throws Exception {
    MedicConfig cfg = load("""
        escalation:
          channels:
            - type: telegram
              name: oncall-chat
              bot_token: ${TELEGRAM_BOT_TOKEN}
              chat_id: "-1001234567890"
              api_url: http://127.0.0.1:8081
              timeout: 5s
              min_severity: critical
              disable_notification: true
        """);

    TelegramChannel c = (TelegramChannel) cfg.escalation().channels().getFirst();
    assertThat(c.name()).isEqualTo("oncall-chat");
    assertThat(c.botToken()).isEqualTo(TOKEN);
    assertThat(c.chatId()).isEqualTo("-1001234567890");
    assertThat(c.apiUrl()).isEqualTo(URI.create("http://127.0.0.1:8081"));
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.minSeverity()).isEqualTo(Severity.CRITICAL);
    assertThat(c.accepts(Severity.WARNING)).isFalse();
    assertThat(c.disableNotification()).isTrue();
    assertThat(cfg.redactor().redact("sent with " + TOKEN)).doesNotContain(TOKEN);
  }

  @Test
  void aChatIdWrittenAsANumberAndTheDefaultsBind() throws Exception {
    MedicConfig cfg = load("""
        escalation:
          channels:
            - {type: telegram, bot_token: "${TELEGRAM_BOT_TOKEN}", chat_id: -42}
        """);

    TelegramChannel c = (TelegramChannel) cfg.escalation().channels().getFirst();
    assertThat(c.chatId()).isEqualTo("-42");
    assertThat(c.name()).isEqualTo("telegram");
    assertThat(c.apiUrl()).isEqualTo(URI.create("https://api.telegram.org"));
    assertThat(c.minSeverity()).isNull();
  }

  @Test
  void aBadChatIdIsReportedAtItsLine() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("""
        agent:
          interval: 5s
        escalation:
          channels:
            - type: telegram
              bot_token: ${TELEGRAM_BOT_TOKEN}
              chat_id: ops room
        """));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(7);
      assertThat(p.field()).isEqualTo("escalation.channels[0].chat_id");
      assertThat(p.message()).startsWith("chat_id must be a numeric chat id").contains("'ops room'");
    });
  }

  @Test
  void anApiUrlThatIsNotHttpIsReportedAtItsLine() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("""
        escalation:
          channels:
            - type: telegram
              bot_token: ${TELEGRAM_BOT_TOKEN}
              chat_id: "42"
              api_url: ftp://api.telegram.org
        """));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(6);
      assertThat(p.field()).isEqualTo("escalation.channels[0].api_url");
      assertThat(p.message()).startsWith("URL must start with http:// or https://");
    });
  }

  @Test
  void aMissingTokenIsReportedSayingHowToWriteIt() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("""
        escalation:
          channels:
            - {type: telegram, chat_id: "42"}
        """));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(3);
      assertThat(p.message()).isEqualTo("bot_token is required (write bot_token: ${TELEGRAM_BOT_TOKEN})");
    });
  }

  @Test
  void aMisspelledMinSeverityIsReportedAtItsLine() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("""
        escalation:
          channels:
            - type: telegram
              bot_token: ${TELEGRAM_BOT_TOKEN}
              chat_id: "42"
              min_severity: urgent
        """));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(6);
      assertThat(p.field()).isEqualTo("escalation.channels[0].min_severity");
    });
    assertThat(e.getMessage()).doesNotContain(TOKEN);
  }
}

package dev.medic.notify.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.medic.config.ConfigException;
import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import dev.medic.runtime.Plugins;
import dev.medic.spi.Severity;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The twilio channel as written in medic.yaml. */
class TwilioConfigTest {

  private static final String SID = TwilioChannelTest.SID;
  private static final Map<String, String> ENV = Map.of("TWILIO_AUTH_TOKEN", "XXXXsecretXXXX");

  private static MedicConfig load(String yaml) throws ConfigException {
    return new ConfigLoader(Plugins.registry(), ENV::get).parse("medic.yaml", yaml);
  }

  @Test
  void bindsFromYamlWithTheTokenFromTheEnvironment() throws Exception {
    MedicConfig cfg = load("""
        escalation:
          channels:
            - type: twilio
              name: on-call-sms
              account_sid: %s
              auth_token: ${TWILIO_AUTH_TOKEN}
              from: "+15550001111"
              to: ["+15551234567", "+447700900123"]
              url: http://127.0.0.1:9/
              timeout: 3s
              min_severity: warning
        """.formatted(SID));

    assertThat(cfg.escalation().channels()).containsExactly(new TwilioChannel("on-call-sms", SID, "XXXXsecretXXXX",
        "+15550001111", List.of("+15551234567", "+447700900123"), URI.create("http://127.0.0.1:9/"),
        Duration.ofSeconds(3), Severity.WARNING));
    assertThat(cfg.escalation().channels().getFirst().accepts(Severity.WARNING)).isTrue();
  }

  @Test
  void defaultsToTwiliosApiTenSecondsAndCriticalOnly() throws Exception {
    MedicConfig cfg = load("""
        escalation:
          channels:
            - {type: twilio, account_sid: %s, auth_token: "${TWILIO_AUTH_TOKEN}", from: "+15550001111", to: ["+15551234567"]}
        """.formatted(SID));

    TwilioChannel twilio = (TwilioChannel) cfg.escalation().channels().getFirst();
    assertThat(twilio.name()).isEqualTo("twilio");
    assertThat(twilio.url()).isEqualTo(URI.create("https://api.twilio.com"));
    assertThat(twilio.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(twilio.accepts(Severity.WARNING)).isFalse();
  }

  @Test
  void aNumberThatIsNotE164IsReportedAtTheChannelsLine() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("""
        escalation:
          channels:
            - type: twilio
              account_sid: %s
              auth_token: ${TWILIO_AUTH_TOKEN}
              from: "+15550001111"
              to: ["+15551234567", "555-1234"]
        """.formatted(SID)));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(7);
      assertThat(p.message()).contains("to[1] must be a phone number like +15551234567, got '555-1234'")
          .doesNotContain("secret");
    });
  }

  @Test
  void anUnknownSeverityIsReportedAtItsLine() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("""
        escalation:
          channels:
            - type: twilio
              account_sid: %s
              auth_token: ${TWILIO_AUTH_TOKEN}
              from: "+15550001111"
              to: ["+15551234567"]
              min_severity: urgent
        """.formatted(SID)));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(8);
      assertThat(p.field()).isEqualTo("escalation.channels[0].min_severity");
    });
  }
}

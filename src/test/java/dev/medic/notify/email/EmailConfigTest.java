package dev.medic.notify.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.config.ConfigException;
import dev.medic.config.MedicConfig;
import dev.medic.spi.Severity;
import dev.medic.support.ConfigText;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The email channel as users write it in YAML. */
class EmailConfigTest {

  private static final String PASSWORD = "smtp-Pa55word";

  private static final Map<String, String> ENV = Map.of("SMTP_PASSWORD", PASSWORD);

  private static MedicConfig load(String yaml) throws ConfigException {
    return ConfigText.load(yaml, ENV);
  }

  private static ConfigException.Problem problem(String yaml) {
    return ConfigText.onlyProblem(yaml, ENV);
  }

  /** A config with one {@code email} channel made of {@code keys}; its first key is on line 4. */
  private static String emailChannel(String keys) {
    return """
        escalation:
          channels:
            - type: email
        """ + keys.indent(6);
  }

  @Test
  void everyKeyBindsWithThePasswordFromTheEnvironment() throws ConfigException {
    MedicConfig cfg = load("""
        escalation:
          channels:
            - type: email
              name: oncall-mail
              host: smtp.example.com
              port: 2525
              security: tls
              username: medic
              password: ${SMTP_PASSWORD}
              from: "medic <medic@example.com>"
              to: [oncall@example.com, dba@example.com]
              timeout: 3s
              min_severity: critical
        """);

    EmailChannel mail = (EmailChannel) cfg.escalation().channels().getFirst();
    assertThat(mail).isEqualTo(new EmailChannel("oncall-mail", "smtp.example.com", 2525, "tls", "medic", PASSWORD,
        "medic <medic@example.com>", List.of("oncall@example.com", "dba@example.com"), Duration.ofSeconds(3),
        Severity.CRITICAL, null));
    assertThat(mail.destination()).isEqualTo("smtp://smtp.example.com:2525 to oncall@example.com, dba@example.com");
    assertThat(mail.accepts(Severity.WARNING)).isFalse();
  }

  @Test
  void anUnknownSecurityIsReportedOnItsLineWithTheChoices() {
    ConfigException.Problem p = problem(emailChannel("""
        host: smtp.example.com
        security: ssl
        from: medic@example.com
        to: [oncall@example.com]
        """));

    assertThat(p.line()).isEqualTo(5);
    assertThat(p.field()).isEqualTo("escalation.channels[0].security");
    assertThat(p.message()).isEqualTo("security must be starttls, tls, none, got 'ssl'");
  }

  @Test
  void aMissingRecipientListIsReported() {
    ConfigException.Problem p = problem(emailChannel("""
        host: smtp.example.com
        from: medic@example.com
        """));

    assertThat(p.line()).isEqualTo(3);
    assertThat(p.message()).isEqualTo("to is required: a list of at least one address, like [oncall@example.com]");
  }

  @Test
  void aMissingSenderIsReported() {
    ConfigException.Problem p = problem(emailChannel("""
        host: smtp.example.com
        to: [oncall@example.com]
        """));

    assertThat(p.line()).isEqualTo(3);
    assertThat(p.message()).isEqualTo("from is required (the sender's address, like medic@example.com)");
  }

  @Test
  void aBadRecipientIsReportedOnItsOwnLineByIndex() {
    ConfigException.Problem p = problem(emailChannel("""
        host: smtp.example.com
        from: medic@example.com
        to:
          - oncall@example.com
          - "dba at example"
        """));

    assertThat(p.line()).isEqualTo(8);
    assertThat(p.field()).isEqualTo("escalation.channels[0].to[1]");
    assertThat(p.message()).startsWith("to[1] is not a mail address like oncall@example.com: 'dba at example'");
  }

  @Test
  void aBadSenderIsReportedOnItsLine() {
    ConfigException.Problem p = problem(emailChannel("""
        host: smtp.example.com
        from: medic
        to: [oncall@example.com]
        """));

    assertThat(p.line()).isEqualTo(5);
    assertThat(p.field()).isEqualTo("escalation.channels[0].from");
    assertThat(p.message()).startsWith("from is not a mail address like oncall@example.com: 'medic'");
  }

  @Test
  void aTrustFileThatIsNotThereIsReportedOnItsLine() {
    ConfigException.Problem p = problem(emailChannel("""
        host: smtp.example.com
        from: medic@example.com
        to: [oncall@example.com]
        trust: /nonexistent/ca.pem
        """));

    assertThat(p.line()).isEqualTo(7);
    assertThat(p.message()).isEqualTo("trust must be a readable PEM file of CA certificates: cannot read /nonexistent/ca.pem");
  }

  @Test
  void aUsernameWithoutPasswordIsReported() {
    ConfigException.Problem p = problem(emailChannel("""
        host: smtp.example.com
        username: medic
        from: medic@example.com
        to: [oncall@example.com]
        """));

    assertThat(p.line()).isEqualTo(5);
    assertThat(p.message()).isEqualTo("username and password go together: set both to log in, or neither");
  }
}

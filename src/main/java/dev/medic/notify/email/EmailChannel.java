package dev.medic.notify.email;

import dev.medic.spi.PemCertificates;
import dev.medic.http.HttpValues;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.ChannelSpec;
import dev.medic.spi.Report;
import dev.medic.spi.ReportChannel;
import dev.medic.spi.DeliveryFailure;
import dev.medic.spi.Durations;
import dev.medic.spi.Notice;
import dev.medic.spi.Severity;
import dev.medic.spi.SpecProblem;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Mails each notice through an SMTP server ({@link MailMessage}): one message per notice, sent to
 * every address in {@code to} at once. The password is normally written as {@code ${SMTP_PASSWORD}}
 * and shown nowhere: not in {@link #destination()}, {@link #toString()} or a failure's reason.
 *
 * @param port null for the usual port of {@code security}: 587, 465 or 25
 * @param security {@code starttls} (the default: plain connection upgraded to TLS, and refused if the
 *     server cannot upgrade), {@code tls} (TLS from the first byte) or {@code none}
 * @param trust a PEM file with the certificate(s) of a CA to trust instead of the JVM's roots, or null
 */
public record EmailChannel(
    String name,
    String host,
    Integer port,
    String security,
    String username,
    String password,
    String from,
    List<String> to,
    Duration timeout,
    Severity minSeverity,
    String trust)
    implements ChannelSpec, ReportChannel {

  public EmailChannel {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host is required (the SMTP server, like smtp.example.com)");
    }
    security = security == null ? SmtpSecurity.STARTTLS.key() : security;
    SmtpSecurity chosen = SmtpSecurity.of(security);
    if (from == null || from.isBlank()) {
      throw new IllegalArgumentException("from is required (the sender's address, like medic@example.com)");
    }
    if (to == null || to.isEmpty()) {
      throw new IllegalArgumentException("to is required: a list of at least one address, like [oncall@example.com]");
    }
    name = name == null ? "email" : name;
    port = port == null ? chosen.defaultPort() : port;
    to = List.copyOf(to);
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
  }

  SmtpSecurity smtpSecurity() {
    return SmtpSecurity.of(security);
  }

  /** People read mail: pages close together arrive as one message. */
  @Override
  public boolean groups() {
    return true;
  }

  /** {@code smtp://host:port to a@x, b@y}: where mail goes, never who logs in with what. */
  @Override
  public String destination() {
    return "smtp://" + host + ":" + port + " to " + String.join(", ", to);
  }

  @Override
  public void deliver(ChannelContext context, Notice notice) throws DeliveryFailure, InterruptedException {
    new SmtpSender(this, Clock.systemUTC()).send(notice);
  }

  @Override
  public void deliverReport(ChannelContext context, Report report) throws DeliveryFailure, InterruptedException {
    Clock clock = Clock.systemUTC();
    new SmtpSender(this, clock).send((session, from, to) -> MailMessage.of(session, report, from, to, clock.instant()));
  }

  @Override
  public List<SpecProblem> problems() {
    List<SpecProblem> problems = new ArrayList<>(new HttpValues().timeout("timeout", timeout).problems());
    if (port < 1 || port > 65535) {
      problems.add(new SpecProblem("port", "port must be 1..65535, got " + port));
    }
    Addresses.problem("from", from).ifPresent(problems::add);
    for (int i = 0; i < to.size(); i++) {
      Addresses.problem("to[" + i + "]", to.get(i)).ifPresent(problems::add);
    }
    if ((username == null) != (password == null)) {
      problems.add(new SpecProblem(username == null ? "password" : "username",
          "username and password go together: set both to log in, or neither"));
    }
    if (trust != null) {
      PemCertificates.problem("trust", trust).ifPresent(problems::add);
    }
    return problems;
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return "EmailChannel[name=" + name + ", " + destination() + ", security=" + security + ", from=" + from
        + ", username=" + (username == null ? "none" : username) + ", password=" + (password == null ? "none" : "***")
        + ", timeout=" + Durations.format(timeout) + ", min_severity=" + (minSeverity == null ? "all" : minSeverity.key())
        + (trust == null ? "" : ", trust=" + trust) + "]";
  }
}

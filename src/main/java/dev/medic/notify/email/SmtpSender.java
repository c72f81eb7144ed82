package dev.medic.notify.email;

import dev.medic.spi.PemCertificates;
import dev.medic.spi.DeliveryFailure;
import dev.medic.spi.Notice;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Properties;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * One SMTP conversation per notice: connect (TLS from the start, or STARTTLS that must succeed),
 * log in if configured, send, quit. Every way it can fail becomes a {@link DeliveryFailure} whose
 * reason says what to fix, and never holds the password.
 */
final class SmtpSender {

  private final EmailChannel channel;
  private final Clock clock;

  SmtpSender(EmailChannel channel, Clock clock) {
    this.channel = channel;
    this.clock = clock;
  }

  /** Builds one mail for a session, from its sender and recipients. */
  @FunctionalInterface
  interface Composer {
    MimeMessage compose(Session session, InternetAddress from, InternetAddress[] to) throws MessagingException;
  }

  void send(Notice notice) throws DeliveryFailure, InterruptedException {
    send((session, from, to) -> MailMessage.of(session, notice, from, to, clock.instant()));
  }

  void send(Composer composer) throws DeliveryFailure, InterruptedException {
    InternetAddress from;
    InternetAddress[] to;
    try {
      from = Addresses.parse(channel.from());
      to = Addresses.parseAll(channel.to());
    } catch (AddressException e) {
      throw new DeliveryFailure("bad address in from or to: " + e.getMessage());
    }
    Session session = Session.getInstance(properties());
    try {
      MimeMessage mail = composer.compose(session, from, to);
      try (Transport smtp = session.getTransport(channel.smtpSecurity() == SmtpSecurity.TLS ? "smtps" : "smtp")) {
        smtp.connect(channel.host(), channel.port(), channel.username(), channel.password());
        smtp.sendMessage(mail, to);
      }
    } catch (MessagingException e) {
      if (Thread.interrupted()) {
        throw new InterruptedException("stopped while mailing " + where());
      }
      throw new DeliveryFailure(reason(e), withoutPassword(e));
    }
  }

  /** Timeouts on every step, certificate and name checks on every TLS connection, never a silent plain fallback. */
  private Properties properties() throws DeliveryFailure {
    Properties p = new Properties();
    String millis = Long.toString(channel.timeout().toMillis());
    javax.net.ssl.SSLSocketFactory trusted = channel.trust() == null ? null : trustedSockets();
    for (String protocol : new String[] {"smtp", "smtps"}) {
      String prefix = "mail." + protocol + ".";
      p.put(prefix + "connectiontimeout", millis);
      p.put(prefix + "timeout", millis);
      p.put(prefix + "writetimeout", millis);
      p.put(prefix + "auth", Boolean.toString(channel.username() != null));
      p.put(prefix + "ssl.checkserveridentity", "true");
      if (trusted != null) {
        p.put(prefix + "ssl.socketFactory", trusted);
      }
      // Otherwise a connection refused with the trusted factory is tried again with the JVM's
      // default one, and its failure is the one reported.
      p.put(prefix + "socketFactory.fallback", "false");
    }
    if (channel.smtpSecurity() == SmtpSecurity.STARTTLS) {
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.starttls.required", "true");
    }
    return p;
  }

  private javax.net.ssl.SSLSocketFactory trustedSockets() throws DeliveryFailure {
    try {
      javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
      tls.init(null, PemCertificates.trusting(Path.of(channel.trust())).getTrustManagers(), null);
      return tls.getSocketFactory();
    } catch (IOException | GeneralSecurityException e) {
      throw new DeliveryFailure("cannot use trust " + channel.trust() + ": " + e.getMessage());
    }
  }

  private String where() {
    return channel.host() + ":" + channel.port();
  }

  /** What went wrong, in words that say what to check, from the innermost cause that explains it. */
  private String reason(MessagingException e) {
    String where = where();
    if (e instanceof AuthenticationFailedException) {
      return "SMTP login as '" + channel.username() + "' refused by " + where + ": " + clean(e.getMessage())
          + " (check username and password)";
    }
    if (e instanceof SendFailedException s && s.getInvalidAddresses() != null && s.getInvalidAddresses().length > 0) {
      return "SMTP server " + where + " refused recipients " + Arrays.stream(s.getInvalidAddresses())
          .map(Object::toString).collect(Collectors.joining(", ")) + ": " + clean(innermost(e).getMessage());
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.contains("STARTTLS is required")) {
      return "SMTP server " + where + " does not offer STARTTLS, and security: starttls never falls back to an "
          + "unencrypted connection (use security: tls if the server speaks TLS from the start)";
    }
    SocketTimeoutException timeout = cause(e, SocketTimeoutException.class);
    if (timeout != null) {
      return "no answer from SMTP server " + where + " within " + dev.medic.spi.Durations.format(channel.timeout());
    }
    if (cause(e, ConnectException.class) != null) {
      return "cannot connect to SMTP server " + where + ": " + clean(cause(e, ConnectException.class).getMessage());
    }
    if (cause(e, UnknownHostException.class) != null) {
      return "unknown SMTP host " + channel.host();
    }
    SSLHandshakeException handshake = cause(e, SSLHandshakeException.class);
    if (handshake != null || cause(e, SSLException.class) != null) {
      Throwable tls = handshake != null ? handshake : cause(e, SSLException.class);
      return "TLS with SMTP server " + where + " failed: " + clean(innermost(tls).getMessage())
          + (channel.trust() == null ? " (for a private CA or a self-signed certificate, set trust: to its PEM file)" : "");
    }
    return "SMTP to " + where + " failed: " + clean(innermost(e).getMessage());
  }

  private static Throwable innermost(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** A server may echo what it was sent; the password never leaves here in a reason. */
  private String clean(String text) {
    String t = text == null ? "" : text.strip();
    String password = channel.password();
    return password == null || password.isEmpty() ? t : t.replace(password, "***");
  }

  /** The cause is kept for the stack trace, but only after checking that it cannot quote the password. */
  private Throwable withoutPassword(MessagingException e) {
    String password = channel.password();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (password != null && !password.isEmpty() && t.getMessage() != null && t.getMessage().contains(password)) {
        return null;
      }
    }
    return e;
  }
}

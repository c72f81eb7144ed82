package dev.medic.notify.email;

import dev.medic.notify.NoticeText;
import dev.medic.spi.Incident;
import dev.medic.spi.MessageKind;
import dev.medic.spi.Notice;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import dev.medic.report.ReportLines;
import dev.medic.report.ReportText;
import dev.medic.spi.Report;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mail for one notice: the headline as subject, a {@code multipart/alternative} of plain text
 * and HTML (every incident text escaped), and identifiers mail clients and servers understand. Its
 * {@code Message-ID} comes from the notice's idempotency key, so a resend after a crash carries the
 * same one and can be recognised. Every message about one incident names the same thread in {@code
 * References}, and the all-clear also answers it with {@code In-Reply-To}, so clients show the page
 * and its all-clear as one conversation.
 */
final class MailMessage {

  private MailMessage() {}

  static MimeMessage of(Session session, Notice notice, InternetAddress from, InternetAddress[] to, Instant now)
      throws MessagingException {
    String domain = domain(from);
    MimeMessage mail = new FixedIdMessage(session, messageId(notice, domain));
    mail.setFrom(from);
    mail.setRecipients(MimeMessage.RecipientType.TO, to);
    mail.setSubject(NoticeText.headline(notice), StandardCharsets.UTF_8.name());
    mail.setSentDate(Date.from(now));
    String thread = threadId(notice.incident(), domain);
    if (notice.kind() == MessageKind.RESOLVED) {
      mail.setHeader("In-Reply-To", thread);
    }
    mail.setHeader("References", thread);
    mail.setHeader("Auto-Submitted", "auto-generated");
    mail.setHeader("X-Medic-Incident", Long.toString(notice.incident().id()));

    MimeMultipart parts = new MimeMultipart("alternative");
    MimeBodyPart text = new MimeBodyPart();
    text.setText(plain(notice), StandardCharsets.UTF_8.name(), "plain");
    MimeBodyPart html = new MimeBodyPart();
    html.setText(html(notice), StandardCharsets.UTF_8.name(), "html");
    // Plainest first: a client shows the last part it can render.
    parts.addBodyPart(text);
    parts.addBodyPart(html);
    mail.setContent(parts);
    mail.saveChanges();
    return mail;
  }

  /**
   * A report as a mail: its title as the subject, the report as plain text and as HTML, and a
   * Message-ID from the report's idempotency key.
   */
  static MimeMessage of(Session session, Report report, InternetAddress from, InternetAddress[] to, Instant now)
      throws MessagingException {
    MimeMessage mail = new FixedIdMessage(session, "<medic." + atom(report.idempotencyKey()) + "@" + domain(from) + ">");
    mail.setFrom(from);
    mail.setRecipients(MimeMessage.RecipientType.TO, to);
    ReportLines lines = ReportLines.of(report);
    mail.setSubject(lines.title(), StandardCharsets.UTF_8.name());
    mail.setSentDate(Date.from(now));
    mail.setHeader("Auto-Submitted", "auto-generated");
    String plain = ReportText.plain(report);
    MimeMultipart parts = new MimeMultipart("alternative");
    MimeBodyPart text = new MimeBodyPart();
    text.setText(plain, StandardCharsets.UTF_8.name(), "plain");
    MimeBodyPart html = new MimeBodyPart();
    html.setText("<!DOCTYPE html>\n<html><body>\n<pre>" + escape(plain) + "</pre>\n</body></html>\n",
        StandardCharsets.UTF_8.name(), "html");
    parts.addBodyPart(text);
    parts.addBodyPart(html);
    mail.setContent(parts);
    mail.saveChanges();
    return mail;
  }

  /** {@code <medic.KEY@example.com>}: the same on every attempt to send one notice. */
  static String messageId(Notice notice, String domain) {
    return "<medic." + atom(notice.idempotencyKey()) + "@" + domain + ">";
  }

  /**
   * {@code <medic.incident-12.1764497730@example.com>}: the conversation of one incident. The opening
   * time tells apart incident 12 of a store that was started afresh.
   */
  static String threadId(Incident incident, String domain) {
    return "<medic.incident-" + incident.id() + "." + incident.openedAt().getEpochSecond() + "@" + domain + ">";
  }

  /** The facts under the reason, in both parts. */
  private static Map<String, String> facts(Notice notice) {
    Incident i = notice.incident();
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("Incident", "#" + i.id());
    facts.put("Target", i.target());
    facts.put("Condition", i.condition());
    facts.put("Severity", i.severity().key());
    facts.put("State", i.state().key());
    facts.put("Opened", i.openedAt().toString());
    return facts;
  }

  static String plain(Notice notice) {
    StringBuilder out = new StringBuilder(NoticeText.details(notice)).append("\n\n");
    facts(notice).forEach((k, v) -> out.append(k).append(": ").append(v).append('\n'));
    return out.toString();
  }

  static String html(Notice notice) {
    StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html><body>\n<h2>")
        .append(escape(NoticeText.headline(notice))).append("</h2>\n<p>")
        .append(escape(NoticeText.details(notice)).replace("\n", "<br>\n")).append("</p>\n<table>\n");
    facts(notice).forEach((k, v) ->
        out.append("<tr><th align=\"left\">").append(k).append("</th><td>").append(escape(v)).append("</td></tr>\n"));
    return out.append("</table>\n</body></html>\n").toString();
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

  private static String domain(InternetAddress from) {
    String address = from.getAddress();
    return address.substring(address.lastIndexOf('@') + 1);
  }

  /** Only what a Message-ID's left side may hold; anything else becomes a dash. */
  private static String atom(String key) {
    return key.replaceAll("[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]", "-");
  }

  /** A MimeMessage keeps the Message-ID it is given instead of inventing one when it is saved. */
  private static final class FixedIdMessage extends MimeMessage {
    private final String id;

    FixedIdMessage(Session session, String id) {
      super(session);
      this.id = id;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", id);
    }
  }
}

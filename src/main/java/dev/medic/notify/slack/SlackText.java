package dev.medic.notify.slack;

/**
 * Slack's mrkdwn escaping and its length limits. Slack reads {@code &}, {@code <} and {@code >} as
 * control characters (links, mentions such as {@code <!channel>}), so incident text must be escaped;
 * cutting to a limit must not split an escape or a surrogate pair, or Slack refuses the message.
 */
final class SlackText {

  private static final String ELLIPSIS = "…";

  private SlackText() {}

  /** {@code text} escaped for mrkdwn, cut (with an ellipsis) so that the result is at most {@code max} chars. */
  static String mrkdwn(String text, int max) {
    String escaped = escape(text);
    if (escaped.length() <= max) {
      return escaped;
    }
    StringBuilder out = new StringBuilder(max);
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      String piece = escape(Character.toString(cp));
      if (out.length() + piece.length() > max - ELLIPSIS.length()) {
        break;
      }
      out.append(piece);
      i += Character.charCount(cp);
    }
    return out.append(ELLIPSIS).toString();
  }

  /** {@code text} as it is (plain_text needs no escaping), cut to at most {@code max} chars. */
  static String plain(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max - ELLIPSIS.length();
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + ELLIPSIS;
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}

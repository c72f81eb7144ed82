package dev.medic.notify.telegram;

/**
 * Telegram's MarkdownV2 escaping: outside entities, each of {@code _ * [ ] ( ) ~ ` > # + - = | { } . !}
 * and the backslash itself must be preceded by a backslash, or Telegram refuses the whole message
 * ("can't parse entities"). Every text that comes from an incident goes through here; only medic's own
 * markers (the bold title) are written bare.
 */
final class MarkdownV2 {

  /** The characters Telegram reserves, the backslash included. */
  static final String RESERVED = "_*[]()~`>#+-=|{}.!\\";

  private MarkdownV2() {}

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (RESERVED.indexOf(c) >= 0) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /** Bold: the markers are medic's, the text inside is escaped. */
  static String bold(String text) {
    return "*" + escape(text) + "*";
  }
}

package dev.medic.notify.ntfy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A header value that survives HTTP: one line, and ASCII. Text beyond ASCII (a target named
 * {@code küche}) is sent as RFC 2047 encoded-words ({@code =?UTF-8?B?...?=}), which ntfy decodes in
 * its title, message and tags headers; plain ASCII is sent as it is.
 */
final class HeaderText {

  /** RFC 2047's limit on one encoded-word is 75 characters: 12 of framing, 60 of base64 for 45 bytes. */
  private static final int BYTES_PER_WORD = 45;

  private HeaderText() {}

  static String of(String text) {
    String line = text == null ? "" : text.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
    if (line.chars().allMatch(c -> c >= 0x20 && c < 0x7f) && !line.contains("=?")) {
      return line;
    }
    StringBuilder out = new StringBuilder();
    StringBuilder chunk = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < line.length(); ) {
      int cp = line.codePointAt(i);
      String one = new String(Character.toChars(cp));
      int size = one.getBytes(StandardCharsets.UTF_8).length;
      if (bytes + size > BYTES_PER_WORD) {
        word(out, chunk);
        chunk.setLength(0);
        bytes = 0;
      }
      chunk.append(one);
      bytes += size;
      i += Character.charCount(cp);
    }
    word(out, chunk);
    return out.toString();
  }

  /** Adjacent encoded-words are joined by a space, which the decoder drops. */
  private static void word(StringBuilder out, CharSequence chunk) {
    if (chunk.isEmpty()) {
      return;
    }
    if (!out.isEmpty()) {
      out.append(' ');
    }
    out.append("=?UTF-8?B?")
        .append(Base64.getEncoder().encodeToString(chunk.toString().getBytes(StandardCharsets.UTF_8)))
        .append("?=");
  }
}

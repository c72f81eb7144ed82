package dev.medic.llm;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Marks text that came from the watched systems as data for the model, never instructions: each
 * piece goes between {@code <untrusted-data nonce="N">} and {@code </untrusted-data nonce="N">},
 * with a nonce drawn afresh for every request, so that a log line can neither guess the closing
 * marker nor close the block early (any marker-like text inside is neutralised).
 */
final class Untrusted {

  private static final SecureRandom RANDOM = new SecureRandom();
  /** Anything that looks like the opening or closing marker, whatever its nonce, case and spacing. */
  private static final Pattern MARKER = Pattern.compile("(?i)<\\s*/?\\s*untrusted[-_\\s]*data");

  private final String nonce;

  Untrusted(String nonce) {
    this.nonce = nonce;
  }

  /** A block marker with 128 random bits. */
  static Untrusted fresh() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return new Untrusted(HexFormat.of().formatHex(bytes));
  }

  String nonce() {
    return nonce;
  }

  String open() {
    return "<untrusted-data nonce=\"" + nonce + "\">";
  }

  String close() {
    return "</untrusted-data nonce=\"" + nonce + "\">";
  }

  /** The text in its block, marker-like text inside made harmless; null and empty give an empty block. */
  String wrap(String text) {
    return open() + neutralise(text == null ? "" : text) + close();
  }

  static String neutralise(String text) {
    return MARKER.matcher(text).replaceAll("[marker removed]");
  }
}

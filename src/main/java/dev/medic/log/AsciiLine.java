package dev.medic.log;

/**
 * A line of pure ASCII seen as characters without copying or decoding it: most log lines are
 * ASCII, and matching them this way costs no allocation per line.
 */
final class AsciiLine implements CharSequence {

  private byte[] bytes;
  private int offset;
  private int length;

  AsciiLine of(byte[] bytes, int offset, int length) {
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
    return this;
  }

  /** Whether the bytes are ASCII, so that this view reads them as their UTF-8 decoding would. */
  static boolean isAscii(byte[] bytes, int offset, int length) {
    for (int i = offset, end = offset + length; i < end; i++) {
      if (bytes[i] < 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    if (index < 0 || index >= length) {
      throw new IndexOutOfBoundsException(index);
    }
    return (char) bytes[offset + index];
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return toString().substring(start, end);
  }

  @Override
  public String toString() {
    return new String(bytes, offset, length, java.nio.charset.StandardCharsets.US_ASCII);
  }
}

package dev.medic.log;

/**
 * A line of pure ASCII (the caller checked) seen as characters without copying or decoding it: most log lines are
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

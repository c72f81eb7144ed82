package dev.medic.tls;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A TCP socket whose every read ends by one deadline. A TLS socket layered on it reads through
 * {@link #getInputStream}, so a server that accepts and then says nothing, or trickles its
 * handshake a byte at a time, cannot hold a check past its timeout.
 */
final class DeadlineSocket extends Socket {

  private final long deadline;
  private InputStream bounded;

  /** @param deadline a {@link System#nanoTime} value by which every read must end */
  DeadlineSocket(long deadline) {
    this.deadline = deadline;
  }

  /** What is left until the deadline, in whole milliseconds (at least 1). */
  int remainingMillis() throws SocketTimeoutException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new SocketTimeoutException("timed out");
    }
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000));
  }

  @Override
  public synchronized InputStream getInputStream() throws IOException {
    if (bounded == null) {
      bounded = new Bounded(super.getInputStream());
    }
    return bounded;
  }

  private final class Bounded extends FilterInputStream {

    Bounded(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      setSoTimeout(remainingMillis());
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      setSoTimeout(remainingMillis());
      return in.read(b, off, len);
    }

    @Override
    public long skip(long n) throws IOException {
      setSoTimeout(remainingMillis());
      return in.skip(n);
    }
  }
}

package dev.medic.spi;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A TCP socket whose every read ends by one deadline, set per exchange (an HTTP request, a TLS
 * handshake).
 *
 * <p>Each read waits at most for what is left until the deadline, so a server trickling bytes
 * cannot stretch an exchange past it. A TLS socket layered on this one reads through
 * {@link #getInputStream}, so the deadline bounds its handshake too.
 */
public final class DeadlineSocket extends Socket {

  private volatile long deadline;
  private InputStream bounded;

  /** Reads from now on must end by {@code nanoTime} (a {@link System#nanoTime} value). */
  public void deadline(long nanoTime) {
    deadline = nanoTime;
  }

  /** What is left until the deadline, in whole milliseconds (at least 1). */
  public int remainingMillis() throws SocketTimeoutException {
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

package dev.medic.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Counts the JSON-RPC requests read from the client's stream and the responses written back, one
 * message a line as the stdio transport frames them, and tells when the input ended: so that medic
 * answers every request it read before it stops, also when a client writes its requests and closes
 * its end at once.
 */
final class Exchanges {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Duration patience;
  private long requests;
  private long responses;
  private boolean ended;

  /** @param patience how long requests read before the input ended may take to be answered */
  Exchanges(Duration patience) {
    this.patience = patience;
  }

  /** The client's stream, counted. */
  InputStream in(InputStream in) {
    return new Counted(in);
  }

  /** The stream back to the client, counted. */
  OutputStream out(OutputStream out) {
    Lines lines = new Lines(this::written);
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
        lines.accept(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        for (int i = off; i < off + len; i++) {
          lines.accept(b[i]);
        }
      }
    };
  }

  /** Waits until the input ended and the server was told so (after the answers; see {@link #drained}). */
  synchronized void awaitEnd() throws InterruptedException {
    while (!ended) {
      wait();
    }
  }

  /**
   * Once the client's input ended: waits until every request read was answered, or {@code patience}
   * passed (a request the server cannot answer must not keep it running). Only then does the server
   * see the end of its input, which ends its session.
   */
  private synchronized void drained() throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (responses < requests) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  private synchronized void read(String line) {
    // A request has a method and an id; a notification has no id and gets no answer.
    JsonNode message = parse(line);
    if (message.has("method") && message.hasNonNull("id")) {
      requests++;
    }
  }

  private synchronized void written(String line) {
    JsonNode message = parse(line);
    if (!message.has("method") && message.has("id")) {
      responses++;
      notifyAll();
    }
  }

  /** The line's message; an empty object for a line that is not one (the transport answers those itself). */
  private static JsonNode parse(String line) {
    try {
      JsonNode node = JSON.readTree(line);
      return node != null && node.isObject() ? node : JSON.createObjectNode();
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private synchronized void end() {
    ended = true;
    notifyAll();
  }

  /** Splits bytes into lines and hands each on. */
  private static final class Lines {
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final Consumer<String> each;

    Lines(Consumer<String> each) {
      this.each = each;
    }

    synchronized void accept(int b) {
      if (b == '\n') {
        each.accept(line.toString(StandardCharsets.UTF_8));
        line.reset();
      } else {
        line.write(b);
      }
    }
  }

  private final class Counted extends FilterInputStream {
    private final Lines lines = new Lines(Exchanges.this::read);

    Counted(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = guarded(super::read);
      if (b >= 0) {
        lines.accept(b);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = guarded(() -> super.read(b, off, len));
      for (int i = off; i < off + Math.max(n, 0); i++) {
        lines.accept(b[i]);
      }
      return n;
    }

    private int guarded(IoRead read) throws IOException {
      try {
        int n = read.get();
        if (n < 0) {
          try {
            drained();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          end();
        }
        return n;
      } catch (IOException e) {
        end();
        throw e;
      }
    }
  }

  @FunctionalInterface
  private interface IoRead {
    int get() throws IOException;
  }
}

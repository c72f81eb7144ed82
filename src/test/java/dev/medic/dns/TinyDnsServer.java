package dev.medic.dns;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS server over UDP on 127.0.0.1 whose answers the test sets: the addresses of the names it
 * knows (A and AAAA records by address family), NXDOMAIN for any other name, or no answer at all.
 */
final class TinyDnsServer implements AutoCloseable {

  private static final int NXDOMAIN = 3;

  private final DatagramSocket socket;
  private final Map<String, List<InetAddress>> names = new ConcurrentHashMap<>();
  private final AtomicInteger queries = new AtomicInteger();
  private final boolean silent;
  private final Thread loop;

  private TinyDnsServer(boolean silent) throws SocketException {
    this.silent = silent;
    this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.loop = Thread.ofPlatform().daemon().name("tiny-dns").start(this::serve);
  }

  /** Answers for the names given {@link #answer}, NXDOMAIN for the rest. */
  static TinyDnsServer answering() throws SocketException {
    return new TinyDnsServer(false);
  }

  /** Receives every query and never answers. */
  static TinyDnsServer silent() throws SocketException {
    return new TinyDnsServer(true);
  }

  /** From now on {@code name} resolves to these addresses (literals): the next query sees them. */
  TinyDnsServer answer(String name, String... addresses) throws IOException {
    List<InetAddress> parsed = new java.util.ArrayList<>();
    for (String a : addresses) {
      parsed.add(InetAddress.getByName(a.indexOf(':') >= 0 ? "[" + a + "]" : a));
    }
    names.put(name.toLowerCase(Locale.ROOT), List.copyOf(parsed));
    return this;
  }

  /** {@code 127.0.0.1:PORT}, as a check's {@code server:} takes it. */
  String address() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  int queries() {
    return queries.get();
  }

  private void serve() {
    byte[] buffer = new byte[512];
    while (!socket.isClosed()) {
      DatagramPacket in = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(in);
        queries.incrementAndGet();
        if (!silent) {
          byte[] out = reply(in.getData(), in.getLength());
          socket.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
        }
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** The answer to one query: its id and question echoed, then the records of the asked type. */
  private byte[] reply(byte[] query, int length) {
    int at = 12;
    StringBuilder name = new StringBuilder();
    while (query[at] != 0) {
      int len = query[at] & 0xff;
      if (!name.isEmpty()) {
        name.append('.');
      }
      name.append(new String(query, at + 1, len, java.nio.charset.StandardCharsets.US_ASCII));
      at += len + 1;
    }
    int type = ((query[at + 1] & 0xff) << 8) | (query[at + 2] & 0xff);
    int questionEnd = at + 5;
    List<InetAddress> known = names.get(name.toString().toLowerCase(Locale.ROOT));
    List<InetAddress> records = known == null ? List.of() : known.stream()
        .filter(a -> (type == 1) == (a instanceof Inet4Address))
        .filter(a -> type == 1 || type == 28)
        .toList();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(query[0]);
    out.write(query[1]);
    out.write(0x80 | (query[2] & 0x01)); // a response; recursion desired as asked
    out.write(0x80 | (known == null ? NXDOMAIN : 0)); // recursion available; the response code
    short16(out, 1);
    short16(out, records.size());
    short16(out, 0);
    short16(out, 0);
    out.write(query, 12, questionEnd - 12);
    for (InetAddress a : records) {
      short16(out, 0xC00C); // the name, as a pointer to the question's
      short16(out, type);
      short16(out, 1); // class IN
      short16(out, 0);
      short16(out, 60); // TTL
      byte[] data = a.getAddress();
      short16(out, data.length);
      out.write(data, 0, data.length);
    }
    return out.toByteArray();
  }

  private static void short16(ByteArrayOutputStream out, int value) {
    out.write((value >> 8) & 0xff);
    out.write(value & 0xff);
  }

  @Override
  public void close() throws InterruptedException {
    socket.close();
    loop.join();
  }
}

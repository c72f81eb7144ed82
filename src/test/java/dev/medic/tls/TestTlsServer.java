package dev.medic.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyStore;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A TLS server on 127.0.0.1 serving handshakes with the key and chain of a PKCS#12 keystore file.
 * It watches a reload file, as nginx waits for its reload signal: when the file's modification time
 * changes (a {@code touch}), the next connection is served from the keystore as it is on disk then.
 * Without a touch a rewritten keystore is not seen, as with a real server.
 */
final class TestTlsServer implements AutoCloseable {

  private final ServerSocket listener;
  private final Path keystore;
  private final Path reloadFile;
  private final Thread acceptor;
  private final AtomicInteger handshakes = new AtomicInteger();
  private volatile SSLContext context;
  private FileTime reloadSeen;

  TestTlsServer(Path keystore, Path reloadFile) throws Exception {
    this.keystore = keystore;
    this.reloadFile = reloadFile;
    this.reloadSeen = modified();
    this.context = load();
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = Thread.ofPlatform().daemon().name("test-tls-server").start(this::serve);
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Handshakes completed so far. */
  int handshakes() {
    return handshakes.get();
  }

  private void serve() {
    while (!listener.isClosed()) {
      Socket plain;
      try {
        plain = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      try {
        reloadIfTouched();
      } catch (Exception e) {
        System.err.println("test TLS server: reload failed, serving the previous certificate: " + e);
      }
      SSLContext serving = context;
      Thread.ofVirtual().start(() -> handshake(serving, plain));
    }
  }

  private void handshake(SSLContext serving, Socket plain) {
    try (plain;
        SSLSocket tls = (SSLSocket) serving.getSocketFactory().createSocket(plain, null, plain.getPort(), true)) {
      tls.setUseClientMode(false);
      tls.setSoTimeout(10_000);
      tls.startHandshake();
      handshakes.incrementAndGet();
      InputStream in = tls.getInputStream();
      while (in.read() >= 0) {
        // until the client closes: nothing to serve but the handshake
      }
    } catch (IOException e) {
      // the client hung up or refused the certificate: both are what the tests make it do
    }
  }

  private synchronized void reloadIfTouched() throws Exception {
    FileTime now = modified();
    if (now != null && !now.equals(reloadSeen)) {
      context = load();
      reloadSeen = now;
    }
  }

  private FileTime modified() throws IOException {
    return reloadFile != null && Files.exists(reloadFile) ? Files.getLastModifiedTime(reloadFile) : null;
  }

  private SSLContext load() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, Keytool.PASSWORD.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, Keytool.PASSWORD.toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx;
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }

  /** A server that accepts connections and never says a word: no handshake ever finishes. */
  static final class Silent implements AutoCloseable {
    private final ServerSocket listener;
    private final java.util.List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();

    Silent() throws IOException {
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread.ofPlatform().daemon().start(() -> {
        while (!listener.isClosed()) {
          try {
            held.add(listener.accept());
          } catch (IOException e) {
            return;
          }
        }
      });
    }

    int port() {
      return listener.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      listener.close();
      for (Socket s : held) {
        s.close();
      }
    }
  }

  /** A port nothing listens on: bound once, then released. */
  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    }
  }
}

package dev.medic.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A loopback TCP port that accepts (and at once closes) connections until it is closed: a tcp check's target. */
public final class TcpPort implements AutoCloseable {

  private final ServerSocket server;

  /** @param port 0 for a free one, or the port of an earlier TcpPort to open it again */
  public TcpPort(int port) throws IOException {
    server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    Thread.ofVirtual().name("tcp-port-" + server.getLocalPort()).start(() -> {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          // the check only connects
        } catch (IOException e) {
          return;
        }
      }
    });
  }

  public int port() {
    return server.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}

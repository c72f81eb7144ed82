package dev.medic.tcp;

import dev.medic.spi.CheckSpec;
import dev.medic.spi.Probe;
import dev.medic.spi.ProbeContext;
import dev.medic.spi.ProbeResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;

/** Connects to host:port; UP when the connection is accepted within the timeout. */
public record TcpCheck(String name, Duration interval, Duration timeout, String host, int port)
    implements CheckSpec {

  public TcpCheck {
    name = name == null ? "tcp" : name;
    host = host == null ? "127.0.0.1" : host;
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, got " + port);
    }
  }

  @Override
  public java.util.Set<String> conditions() {
    return java.util.Set.of("tcp_timeout", "tcp_unreachable");
  }

  @Override
  public java.util.Optional<InetSocketAddress> connectsTo() {
    return java.util.Optional.of(InetSocketAddress.createUnresolved(host, port));
  }

  public Probe create(ProbeContext context) {
    return timeout -> {
      long start = System.nanoTime();
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return ProbeResult.up(took, Map.of("latency_ms", took.toNanos() / 1e6), "connected");
      } catch (SocketTimeoutException e) {
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return ProbeResult.down(took, Map.of(), "tcp_timeout", host + ":" + port + " timed out");
      } catch (IOException e) {
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return ProbeResult.down(
            took, Map.of(), "tcp_unreachable", host + ":" + port + ": " + e.getMessage());
      }
    };
  }
}

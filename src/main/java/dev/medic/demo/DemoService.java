package dev.medic.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * A small HTTP service that misbehaves on a schedule, for the demo and the tests. Modes:
 *
 * <ul>
 *   <li>{@code crash}: exits with code 3 after {@code --after};
 *   <li>{@code hang}: after {@code --after}, /health never answers;
 *   <li>{@code slow}: after {@code --after}, /health takes 1.5 s; after twice that it answers 500;
 *       {@code POST /admin/reset} makes it healthy again and restarts the schedule.
 *   <li>{@code ok}: always healthy.
 * </ul>
 */
public final class DemoService {

  private final String mode;
  private final Duration after;
  private volatile long bornNanos = System.nanoTime();

  private DemoService(String mode, Duration after) {
    this.mode = mode;
    this.after = after;
  }

  public static void main(String[] args) throws IOException {
    int port = 0;
    String mode = "ok";
    Duration after = Duration.ofSeconds(10);
    for (int i = 0; i < args.length - 1; i += 2) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--mode" -> mode = args[i + 1];
        case "--after" -> after = dev.medic.spi.Durations.parse(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    new DemoService(mode, after).serve(port);
  }

  private void serve(int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/health", this::health);
    server.createContext("/admin/reset", ex -> {
      bornNanos = System.nanoTime();
      System.out.println("reset: healthy again");
      respond(ex, 200, "reset\n");
    });
    server.start();
    System.out.println(mode + " service listening on " + server.getAddress().getPort());
    if (mode.equals("crash")) {
      Thread.ofVirtual().start(() -> {
        try {
          Thread.sleep(after);
        } catch (InterruptedException e) {
          return;
        }
        System.out.println("simulated crash: out of memory in request handler");
        System.exit(3);
      });
    }
  }

  private Duration age() {
    return Duration.ofNanos(System.nanoTime() - bornNanos);
  }

  private void health(HttpExchange ex) throws IOException {
    Duration age = age();
    boolean misbehaving = age.compareTo(after) >= 0;
    try {
      if (mode.equals("hang") && misbehaving) {
        Thread.sleep(Duration.ofHours(1));
      }
      if (mode.equals("slow") && misbehaving) {
        if (age.compareTo(after.multipliedBy(2)) >= 0) {
          respond(ex, 500, "{\"status\":\"error\",\"reason\":\"connection pool exhausted\"}\n");
          return;
        }
        Thread.sleep(1500);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    respond(ex, 200, "{\"status\":\"ok\"}\n");
  }

  private static void respond(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}

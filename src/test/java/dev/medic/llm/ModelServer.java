package dev.medic.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A model's server on a loopback port: answers each request with the next scripted reply (the last
 * one again when the script runs out) and records every request in full.
 */
final class ModelServer implements AutoCloseable {

  /** One request as received. */
  record Request(String method, String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
    }

    JsonNode json() {
      try {
        return new ObjectMapper().readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** A reply; with a trickle, the body goes out one byte per interval after the headers. */
  record Reply(int status, String body, Duration trickle) {
    static Reply ok(String body) {
      return new Reply(200, body, null);
    }

    static Reply status(int status, String body) {
      return new Reply(status, body, null);
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
  private volatile Reply last;
  private final java.util.concurrent.atomic.AtomicInteger hungUp = new java.util.concurrent.atomic.AtomicInteger();
  private volatile Runnable onRequest = () -> {};

  ModelServer(Reply... replies) throws IOException {
    script.addAll(List.of(replies));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().toString(), Map.copyOf(ex.getRequestHeaders()), body));
      onRequest.run();
      Reply next = script.poll();
      Reply reply = next == null ? last : next;
      last = reply;
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      try (OutputStream out = ex.getResponseBody()) {
        if (reply.trickle() == null) {
          ex.sendResponseHeaders(reply.status(), bytes.length);
          out.write(bytes);
        } else {
          ex.sendResponseHeaders(reply.status(), 0);
          for (byte b : bytes) {
            out.write(b);
            out.flush();
            Thread.sleep(reply.trickle());
          }
        }
      } catch (IOException e) {
        hungUp.incrementAndGet();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    server.start();
  }

  /** Runs as each request arrives, before the reply: a test's clock moves as the model thinks. */
  ModelServer onRequest(Runnable hook) {
    onRequest = hook;
    return this;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Replies the client stopped reading before their end. */
  int hungUp() {
    return hungUp.get();
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

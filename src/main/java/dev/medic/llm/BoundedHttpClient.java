package dev.medic.llm;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * The HTTP client the chat models use: the JDK's, reading at most {@link #MAX_BODY} of a reply. A
 * model server that answers without end (broken, or hostile) fails the analysis instead of filling
 * medic's memory. Streaming is not used.
 */
final class BoundedHttpClient implements HttpClient {

  /** Far above any answer in the analysts' schema, and small beside medic's heap. */
  static final int MAX_BODY = 4 * 1024 * 1024;
  /** Headers the JDK client sets itself and refuses to be given. */
  private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

  private final java.net.http.HttpClient client;
  private final Duration readTimeout;
  private final int maxBody;

  BoundedHttpClient(Duration connectTimeout, Duration readTimeout, int maxBody) {
    java.net.http.HttpClient.Builder b = java.net.http.HttpClient.newBuilder()
        .version(java.net.http.HttpClient.Version.HTTP_1_1);
    if (connectTimeout != null) {
      b.connectTimeout(connectTimeout);
    }
    this.client = b.build();
    this.readTimeout = readTimeout;
    this.maxBody = maxBody;
  }

  @Override
  public SuccessfulHttpResponse execute(HttpRequest request) {
    java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
    if (readTimeout != null) {
      b.timeout(readTimeout);
    }
    request.headers().forEach((name, values) -> {
      if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(v -> b.header(name, v));
      }
    });
    if (request.method() == HttpMethod.POST) {
      b.POST(java.net.http.HttpRequest.BodyPublishers.ofString(request.body() == null ? "" : request.body()));
    } else {
      b.method(request.method().name(), java.net.http.HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<InputStream> response;
    try {
      response = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + request.url(), e);
    } catch (IOException e) {
      throw new IllegalStateException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }
    String body = read(response, request.url());
    if (response.statusCode() < 200 || response.statusCode() > 299) {
      throw new HttpException(response.statusCode(), body);
    }
    return SuccessfulHttpResponse.builder()
        .statusCode(response.statusCode())
        .headers(response.headers().map())
        .body(body)
        .build();
  }

  private String read(HttpResponse<InputStream> response, String url) {
    try (InputStream in = response.body()) {
      byte[] bytes = in.readNBytes(maxBody + 1);
      if (bytes.length > maxBody) {
        throw new IllegalStateException("reply from " + url + " is larger than " + maxBody / 1024
            + " KiB; not read further");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("reading the reply from " + url + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    throw new UnsupportedOperationException("medic's analysts do not stream");
  }

  /** What the chat model builders configure: they set the timeouts from the analysis's own. */
  static final class Builder implements HttpClientBuilder {
    private Duration connectTimeout;
    private Duration readTimeout;
    private final int maxBody;

    Builder(int maxBody) {
      this.maxBody = maxBody;
    }

    @Override
    public Duration connectTimeout() {
      return connectTimeout;
    }

    @Override
    public HttpClientBuilder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    @Override
    public Duration readTimeout() {
      return readTimeout;
    }

    @Override
    public HttpClientBuilder readTimeout(Duration timeout) {
      this.readTimeout = timeout;
      return this;
    }

    @Override
    public HttpClient build() {
      return new BoundedHttpClient(connectTimeout, readTimeout, maxBody);
    }
  }
}

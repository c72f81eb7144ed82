package dev.medic.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestHeadTest {

  @Test
  void theHostHeaderLeavesOutOnlyTheSchemesOwnDefaultPort() {
    assertThat(hostHeader("http://example.com/")).isEqualTo("Host: example.com");
    assertThat(hostHeader("http://example.com:80/")).isEqualTo("Host: example.com");
    assertThat(hostHeader("http://example.com:443/")).isEqualTo("Host: example.com:443");
    assertThat(hostHeader("https://example.com/")).isEqualTo("Host: example.com");
    assertThat(hostHeader("https://example.com:443/")).isEqualTo("Host: example.com");
    assertThat(hostHeader("https://example.com:80/")).isEqualTo("Host: example.com:80");
    assertThat(hostHeader("https://[::1]:8443/")).isEqualTo("Host: [::1]:8443");
  }

  private static String hostHeader(String url) {
    String head = new String(RequestHead.encode(URI.create(url), "GET", Map.of(), (byte[]) null), StandardCharsets.ISO_8859_1);
    return head.lines().filter(l -> l.startsWith("Host: ")).findFirst().orElseThrow();
  }

  @Test
  void headerInjectionIsRejected() {
    assertThatThrownBy(() -> new PlainHttp(URI.create("http://127.0.0.1/"), "GET", Map.of("X-A", "b\r\nX-Evil: 1"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid value for header X-A");
  }
}

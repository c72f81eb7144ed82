package dev.medic.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** /metrics answers JSON only to a request that prefers it; Prometheus keeps getting text. */
class PrefersJsonTest {

  @Test
  void prometheusScrapersGetText() {
    assertThat(PrefersJson.of("application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
        + "application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=0.0.4;q=0.3,*/*;q=0.2")).isFalse();
    assertThat(PrefersJson.of(null)).isFalse();
    assertThat(PrefersJson.of("*/*")).isFalse();
  }

  @Test
  void aRequestPreferringJsonGetsJson() {
    assertThat(PrefersJson.of("application/json")).isTrue();
    assertThat(PrefersJson.of("text/plain;q=0.5, application/json")).isTrue();
    assertThat(PrefersJson.of("application/json;q=0.2, text/plain")).isFalse();
  }
}

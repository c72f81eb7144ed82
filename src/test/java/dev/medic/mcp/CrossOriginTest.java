package dev.medic.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which requests count as coming from a web page of another origin. */
class CrossOriginTest {

  @Test
  void aClientThatSendsNoOriginIsNotRefused() {
    assertThat(CrossOrigin.refused(null, null, "127.0.0.1:8787")).isFalse();
  }

  @Test
  void medicsOwnOriginIsNotRefusedWithOrWithoutTheDefaultPort() {
    assertThat(CrossOrigin.refused("http://127.0.0.1:8787", "same-origin", "127.0.0.1:8787")).isFalse();
    assertThat(CrossOrigin.refused("https://medic.example", null, "medic.example")).isFalse();
    assertThat(CrossOrigin.refused("https://medic.example", null, "medic.example:443")).isFalse();
    assertThat(CrossOrigin.refused("http://[::1]:8787", null, "[::1]:8787")).isFalse();
  }

  @Test
  void anotherHostPortOrSiteIsRefused() {
    assertThat(CrossOrigin.refused("https://evil.example", null, "127.0.0.1:8787")).isTrue();
    assertThat(CrossOrigin.refused("http://127.0.0.1:9999", null, "127.0.0.1:8787")).isTrue();
    assertThat(CrossOrigin.refused("http://medic.example", null, "medic.example:443")).isTrue();
    assertThat(CrossOrigin.refused(null, "cross-site", "127.0.0.1:8787")).isTrue();
    assertThat(CrossOrigin.refused(null, "same-site", "127.0.0.1:8787")).isTrue();
  }

  @Test
  void anOpaqueOrUnreadableOriginIsRefused() {
    assertThat(CrossOrigin.refused("null", null, "127.0.0.1:8787")).isTrue();
    assertThat(CrossOrigin.refused("http://exa mple", null, "127.0.0.1:8787")).isTrue();
    assertThat(CrossOrigin.refused("http://127.0.0.1:8787", null, null)).isTrue();
  }
}

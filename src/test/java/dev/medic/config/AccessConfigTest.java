package dev.medic.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code access:} block: its checks name the bad field and value, never a token. */
class AccessConfigTest {

  private static final String TOKEN = "a-secret-token-of-enough-length";

  @Test
  void badTokensAreRefusedNamingWhatIsWrong() {
    assertThatThrownBy(() -> new AccessToken("bot", "root", null, TOKEN))
        .hasMessage("role must be viewer, operator or admin, got 'root'");
    assertThatThrownBy(() -> new AccessToken("bot", "viewer", "a".repeat(64), TOKEN))
        .hasMessage("token 'bot' needs exactly one of token or sha256, got both");
    assertThatThrownBy(() -> new AccessToken("bot", "viewer", null, null))
        .hasMessage("token 'bot' needs exactly one of token or sha256, got neither");
    assertThatThrownBy(() -> new AccessToken("bot", "viewer", "abc", null))
        .hasMessageContaining("sha256 of token 'bot' must be 64 hex digits");
    assertThatThrownBy(() -> new AccessToken("bot", "viewer", null, "short-secret"))
        .hasMessage("token 'bot' must be at least 20 characters (medic token create makes one), got 12")
        .message().doesNotContain("short-secret");
    assertThatThrownBy(() -> new AccessConfig(null, List.of(new AccessToken("bot", "viewer", null, TOKEN),
        new AccessToken("bot", "admin", null, TOKEN + "x")), null, null))
        .hasMessage("tokens: name 'bot' is used twice");
    assertThatThrownBy(() -> new AccessConfig("admin", null, null, null))
        .hasMessage("anonymous must be none or viewer, got 'admin'");
  }

  @Test
  void aTokenIsNeverPrinted() {
    AccessConfig config = new AccessConfig(null, List.of(new AccessToken("bot", "viewer", null, TOKEN)), null, null);
    assertThat(config.toString()).contains("bot").doesNotContain(TOKEN);
  }

  @Test
  void anonymousReadingDefaultsToOnOnlyOnLoopback() {
    AccessConfig unset = AccessConfig.defaults();
    assertThat(unset.anonymousMayRead("127.0.0.1:8787")).isTrue();
    assertThat(unset.anonymousMayRead("localhost:8787")).isTrue();
    assertThat(unset.anonymousMayRead("[::1]:8787")).isTrue();
    assertThat(unset.anonymousMayRead("0.0.0.0:8787")).isFalse();
    assertThat(unset.anonymousMayRead("10.0.0.5:8787")).isFalse();
    assertThat(unset.anonymousMayRead("medic.example.com:8787")).isFalse();
    assertThat(new AccessConfig("none", null, null, null).anonymousMayRead("127.0.0.1:8787")).isFalse();
    assertThat(new AccessConfig("viewer", null, null, null).anonymousMayRead("0.0.0.0:8787")).isTrue();
    assertThat(unset.sessionIdle()).hasHours(12);
    assertThat(unset.debugEndpoints()).isFalse();
  }

  @Test
  void theLoaderReadsTheBlockAndNamesTheLineOfABadRole(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = dir.resolve("medic.yaml");
    java.nio.file.Files.writeString(file, """
        targets: []
        access:
          anonymous: none
          session_idle: 30m
          tokens:
            - {name: grafana, role: viewer, sha256: %s}
        """.formatted("ab".repeat(32)));
    MedicConfig config = new ConfigLoader(dev.medic.runtime.Plugins.registry()).load(file);
    assertThat(config.access().tokens()).extracting(AccessToken::name).containsExactly("grafana");
    assertThat(config.access().sessionIdle()).hasMinutes(30);
    java.nio.file.Files.writeString(file, """
        targets: []
        access:
          tokens:
            - {name: bot, role: admin, token: "a-literal-token-in-the-file-1234"}
        """);
    assertThat(new ConfigLoader(dev.medic.runtime.Plugins.registry()).load(file).redactor()
        .redact("sent a-literal-token-in-the-file-1234")).isEqualTo("sent ***");
    java.nio.file.Files.writeString(file, """
        targets: []
        access:
          tokens:
            - {name: grafana, role: superuser, sha256: %s}
        """.formatted("ab".repeat(32)));
    assertThatThrownBy(() -> new ConfigLoader(dev.medic.runtime.Plugins.registry()).load(file))
        .hasMessageContaining("role must be viewer, operator or admin, got 'superuser'").hasMessageContaining(":4");
  }
}

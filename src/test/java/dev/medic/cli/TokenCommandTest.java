package dev.medic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medic.api.TokenSecrets;
import dev.medic.store.AuditEntry;
import dev.medic.store.SqliteStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code medic token create | list | revoke | hash} on a real store file. */
class TokenCommandTest {

  private static final Pattern TOKEN = Pattern.compile("medic_[A-Za-z0-9_-]{43}");

  @TempDir Path dir;

  private String store() {
    return "sqlite:" + dir.resolve("medic.db");
  }

  private static synchronized CliTest.Run withStdin(String input, String... args) {
    InputStream in = System.in;
    try {
      System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
      return CliTest.medic(args);
    } finally {
      System.setIn(in);
    }
  }

  @Test
  void createListRevokeAndHashRoundTripAndTheStoreHoldsOnlyTheHash() throws Exception {
    CliTest.Run created = CliTest.medic("token", "create", "--name", "grafana", "--role", "viewer", "--expires", "90d",
        "--store", store());
    assertThat(created.code()).as(created.err()).isZero();
    Matcher m = TOKEN.matcher(created.out());
    assertThat(m.find()).as(created.out()).isTrue();
    String token = m.group();
    assertThat(created.out()).contains("shown only this once").contains("Authorization: Bearer");

    CliTest.Run hashed = withStdin(token + "\n", "token", "hash");
    assertThat(hashed.code()).isZero();
    assertThat(hashed.out().strip()).isEqualTo(TokenSecrets.sha256(token)).matches("[0-9a-f]{64}");

    CliTest.Run listed = CliTest.medic("token", "list", "--store", store());
    assertThat(listed.code()).as(listed.err()).isZero();
    assertThat(listed.out()).contains("grafana").contains("viewer").contains("store")
        .doesNotContain(TokenSecrets.sha256(token)).doesNotContain(token);

    CliTest.Run twice = CliTest.medic("token", "create", "--name", "grafana", "--role", "viewer", "--store", store());
    assertThat(twice.code()).isEqualTo(1);
    assertThat(twice.err()).contains("a token named 'grafana' exists already");

    // The plaintext is nowhere in the files of the store; its hash is.
    byte[] everything = allBytes(dir);
    assertThat(new String(everything, StandardCharsets.ISO_8859_1)).doesNotContain(token)
        .doesNotContain(token.substring(6, 30));

    CliTest.Run revoked = CliTest.medic("token", "revoke", "grafana", "--store", store());
    assertThat(revoked.code()).as(revoked.err()).isZero();
    CliTest.Run again = CliTest.medic("token", "revoke", "grafana", "--store", store());
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("no token named 'grafana'");
    assertThat(CliTest.medic("token", "list", "--store", store()).out()).contains(" by cli:");

    try (SqliteStore s = SqliteStore.open(dir.resolve("medic.db"))) {
      List<AuditEntry> audit = s.audit().list(null, 10);
      assertThat(audit).filteredOn(a -> a.kind().equals("token")).extracting(AuditEntry::result)
          .containsExactly("revoked", "created");
      assertThat(audit).filteredOn(a -> a.kind().equals("token")).allMatch(a -> a.actor().startsWith("cli:"));
      assertThat(s.apiTokens().live(java.time.Instant.now())).isEmpty();
    }
  }

  @Test
  void badInputIsOneLineNamingIt() {
    CliTest.Run role = CliTest.medic("token", "create", "--name", "x", "--role", "root", "--store", store());
    assertThat(role.code()).isEqualTo(1);
    assertThat(role.err()).contains("--role must be viewer, operator or admin, got 'root'");
    CliTest.Run expires = CliTest.medic("token", "create", "--name", "x", "--role", "admin", "--expires", "soon",
        "--store", store());
    assertThat(expires.err()).contains("--expires");
    CliTest.Run short_ = withStdin("short\n", "token", "hash");
    assertThat(short_.code()).isEqualTo(1);
    assertThat(short_.err()).contains("at least 20 characters, got 5").doesNotContain("short\n");
  }

  private static byte[] allBytes(Path dir) throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (var files = Files.list(dir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        out.write(Files.readAllBytes(p));
      }
    }
    return out.toByteArray();
  }
}

package dev.medic.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactCommandLineTest {

  @Test
  void hidesOptionValuesNamedAsSecrets() {
    assertThat(Redact.commandLine("app --db-password=hunter2 --port 8080 --token abc123 --api-key=k1"))
        .isEqualTo("app --db-password=*** --port 8080 --token *** --api-key=***");
  }

  @Test
  void hidesMysqlAttachedPasswordVariablesAndUrlPasswords() {
    assertThat(Redact.commandLine("mysqldump -uroot -pS3cret shop"))
        .isEqualTo("mysqldump -uroot -p*** shop");
    assertThat(Redact.commandLine("env AWS_SECRET_ACCESS_KEY=xyz PGPASSWORD=pw worker"))
        .isEqualTo("env AWS_SECRET_ACCESS_KEY=*** PGPASSWORD=*** worker");
    assertThat(Redact.commandLine("sync postgres://app:pw@db:5432/shop"))
        .isEqualTo("sync postgres://app:***@db:5432/shop");
  }

  @Test
  void leavesOrdinaryCommandLinesAlone() {
    assertThat(Redact.commandLine("ffmpeg -i in.mp4 -preset slow out.mp4"))
        .isEqualTo("ffmpeg -i in.mp4 -preset slow out.mp4");
    assertThat(Redact.commandLine("python3 -m http.server 8000")).isEqualTo("python3 -m http.server 8000");
  }
}

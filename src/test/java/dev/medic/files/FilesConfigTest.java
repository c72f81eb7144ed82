package dev.medic.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.medic.config.ConfigException;
import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import dev.medic.runtime.Plugins;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The files remedies as users write them in YAML, and what the loader refuses. */
class FilesConfigTest {

  private static MedicConfig load(String yaml) throws ConfigException {
    return new ConfigLoader(Plugins.registry(), Map.<String, String>of()::get).parse("medic.yaml", yaml);
  }

  private static ConfigException.Problem problem(String action) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(withAction(action)));
    assertThat(e).as("expected the config to be rejected").isNotNull();
    assertThat(e.problems()).hasSize(1);
    return e.problems().getFirst();
  }

  private static String withAction(String action) {
    return """
        targets:
          - name: host
            checks: [{ type: tcp, host: 127.0.0.1, port: 22 }]
        strategies:
          - name: fix
            conditions: [tcp_unreachable]
            action: %s
        """.formatted(action);
  }

  @Test
  void everyKeyOfTheThreeRemediesLoads() throws ConfigException {
    MedicConfig cfg = load("""
        targets:
          - name: host
            checks: [{ type: tcp, host: 127.0.0.1, port: 22 }]
        strategies:
          - name: clean_logs
            conditions: [tcp_unreachable]
            action: { type: delete_old_files, under: [/var/log/app, /srv/exports], match: "*.log.*", older_than: 7d,
                      recursive: true, timeout: 1m }
            approval: none
          - name: compress
            conditions: [tcp_unreachable]
            action: { type: compress_old_files, under: [/var/backups/db], match: "*.sql", older_than: 1d }
          - name: kill_encoders
            conditions: [tcp_unreachable]
            action: { type: kill_process, names: [ffmpeg, convert], match: "--input /srv/tmp/", grace: 15s, timeout: 40s }
        """);

    var delete = (DeleteOldFilesAction) cfg.strategies().get(0).action();
    assertThat(delete.under()).containsExactly("/var/log/app", "/srv/exports");
    assertThat(delete.match()).isEqualTo("*.log.*");
    assertThat(delete.olderThan()).isEqualTo(Duration.ofDays(7));
    assertThat(delete.recursive()).isTrue();
    assertThat(delete.effectiveTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(delete.destructive()).isTrue();

    var compress = (CompressOldFilesAction) cfg.strategies().get(1).action();
    assertThat(compress.recursive()).isFalse();
    assertThat(compress.destructive()).isFalse();

    var kill = (KillProcessAction) cfg.strategies().get(2).action();
    assertThat(kill.names()).containsExactly("ffmpeg", "convert");
    assertThat(kill.match()).isEqualTo("--input /srv/tmp/");
    assertThat(kill.grace()).isEqualTo(Duration.ofSeconds(15));
    assertThat(kill.effectiveTimeout()).isEqualTo(Duration.ofSeconds(40));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/usr", "/var", "/home", "/tmp"})
  void systemRootsAreRefusedAsAWhole(String root) {
    ConfigException.Problem p = problem("{ type: delete_old_files, under: [/var/log/app, \"" + root + "\"], older_than: 7d }");
    assertThat(p.message()).contains("under[1] '" + root + "' is a system root");
    assertThat(p.line()).isBetween(5, 7);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/etc", "/etc/nginx", "/boot/grub", "/proc/self", "/sys/fs", "/dev/shm", "/usr/../etc/ssl"})
  void directoriesInsideTheOperatingSystemsTreesAreRefused(String dir) {
    ConfigException.Problem p = problem("{ type: compress_old_files, under: [\"" + dir + "\"], older_than: 7d }");
    assertThat(p.message()).contains("under[0] '" + dir + "' is inside /");
  }

  @Test
  void relativeDirectoriesAreRefused() {
    assertThat(problem("{ type: delete_old_files, under: [logs], older_than: 7d }").message())
        .contains("under[0] must be an absolute directory, got 'logs'");
  }

  @Test
  void underAndOlderThanAreRequired() {
    assertThat(problem("{ type: delete_old_files, older_than: 7d }").message()).contains("under is required");
    assertThat(problem("{ type: delete_old_files, under: [/var/log/app] }").message()).contains("older_than is required");
  }

  @Test
  void matchIsAGlobOnTheFileNameOnly() {
    assertThat(problem("{ type: delete_old_files, under: [/var/log/app], match: \"*/x.log\", older_than: 7d }").message())
        .contains("match must be a glob on the file name");
  }

  @Test
  void killProcessNeedsItsAllowListAndAValidRegex() {
    assertThat(problem("{ type: kill_process, match: ffmpeg }").message()).contains("names is required");
    assertThat(problem("{ type: kill_process, names: [/usr/bin/ffmpeg] }").message())
        .contains("names[0] must be a process name without '/'");
    assertThat(problem("{ type: kill_process, names: [ffmpeg], match: \"(\" }").message())
        .contains("match is not a valid regular expression");
    assertThat(problem("{ type: kill_process, names: [ffmpeg], grace: 0s }").message())
        .contains("grace must be more than 0");
    assertThat(problem("{ type: kill_process, names: [ffmpeg], grace: 30s, timeout: 30s }").message())
        .contains("timeout 30s is shorter than the ladder it bounds: grace 30s plus 5s after SIGKILL");
  }
}

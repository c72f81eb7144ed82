package dev.medic.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medic.config.DetectSettings;
import dev.medic.detect.Signal;
import dev.medic.detect.TargetDetector;
import dev.medic.spi.LinePattern;
import dev.medic.spi.Observation;
import dev.medic.spi.ProbeResult;
import dev.medic.spi.Status;
import dev.medic.support.SettableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log check on real files: verdicts, evidence, counts, rates and resuming from metrics. */
class LogCheckTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final List<LinePattern> CRITICAL = List.of(
      LinePattern.parse("/FATAL:.*database/i"), LinePattern.parse("/OOM killer/i"),
      LinePattern.parse("/PANIC:.*corruption/i"), LinePattern.parse("connection refused"));
  private static final List<LinePattern> WARNING = List.of(
      LinePattern.parse("memory_high_watermark"), LinePattern.parse("/timeout/i"), LinePattern.parse("retry"));

  @TempDir Path dir;
  Path log;
  final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final List<LogProbe> probes = new ArrayList<>();

  @BeforeEach
  void createLog() throws IOException {
    log = dir.resolve("app.log");
    Files.writeString(log, "an old FATAL: database gone, not news\n");
  }

  @AfterEach
  void close() {
    probes.forEach(LogProbe::close);
  }

  private LogCheck check(Integer maxCritical, Integer maxWarnings) {
    return new LogCheck("app-log", null, null, log.toString(), CRITICAL, WARNING, maxCritical, maxWarnings);
  }

  private LogProbe probe(LogCheck spec) {
    LogProbe p = new LogProbe(spec, clock);
    probes.add(p);
    return p;
  }

  private void append(String text) throws IOException {
    Files.writeString(log, text, StandardOpenOption.APPEND);
  }

  @Test
  void aCriticalLineMakesTheRunDownWithTheLineAsItsMessage() throws Exception {
    LogProbe probe = probe(check(null, null));
    ProbeResult first = probe.run(TIMEOUT);
    assertThat(first.status()).isEqualTo(Status.UP);
    assertThat(first.metrics()).containsEntry("lines_read", 0.0);

    append("2026-01-01 12:00:00 INFO all fine\n2026-01-01 12:00:01 fatal: Database cluster unreachable\n"
        + "2026-01-01 12:00:02 WARN retry 3 of 5\n");
    ProbeResult r = probe.run(TIMEOUT);

    assertThat(r.status()).isEqualTo(Status.DOWN);
    assertThat(r.condition()).isEqualTo("log_critical");
    assertThat(r.message()).contains("2026-01-01 12:00:01 fatal: Database cluster unreachable")
        .doesNotContain("all fine").doesNotContain("not news");
    assertThat(r.metrics()).containsEntry("critical_lines", 1.0).containsEntry("warning_lines", 1.0)
        .containsEntry("lines_read", 3.0).containsEntry("log_offset", (double) Files.size(log))
        .containsEntry("log_present", 1.0);
    assertThat(r.metrics().get("bytes_read")).isEqualTo((double) (Files.size(log) - 38));
    assertThat(r.metrics().get("log_inode"))
        .isEqualTo(((Number) Files.getAttribute(log, "unix:ino")).doubleValue());
    assertThat(check(null, null).raisesOnFirstFailure()).isTrue();

    ProbeResult quiet = probe.run(TIMEOUT);
    assertThat(quiet.status()).isEqualTo(Status.UP);
    assertThat(quiet.metrics()).containsEntry("critical_lines", 0.0);
  }

  @Test
  void manyCriticalLinesQuoteTheFirstFiveEachCutAndCountTheRest() throws Exception {
    LogProbe probe = probe(check(null, null));
    probe.run(TIMEOUT);
    String lines = IntStream.rangeClosed(1, 8)
        .mapToObj(i -> "line " + i + " Out of memory: OOM killer chose pid " + i + " " + "x".repeat(400))
        .collect(Collectors.joining("\n", "", "\n"));
    append(lines);

    ProbeResult r = probe.run(TIMEOUT);

    assertThat(r.condition()).isEqualTo("log_critical");
    assertThat(r.message()).startsWith("8 critical lines in " + log + ": line 1 Out of memory")
        .contains("line 5 Out of memory").doesNotContain("line 6 ").contains("(3 more)");
    assertThat(r.message()).doesNotContain("x".repeat(301));
    assertThat(r.message().length()).isLessThan(5 * 310 + 200);
  }

  @Test
  void warningLinesAloneLeaveTheRunUpAndAreCounted() throws Exception {
    LogProbe probe = probe(check(null, null));
    probe.run(TIMEOUT);
    append("rabbit alarm_handler: memory_high_watermark set\nrequest Timeout after 30s\nall good\n");

    ProbeResult r = probe.run(TIMEOUT);

    assertThat(r.status()).isEqualTo(Status.UP);
    assertThat(r.metrics()).containsEntry("warning_lines", 2.0).containsEntry("critical_lines", 0.0)
        .containsEntry("lines_read", 3.0).containsEntry("warning_per_minute", 2.0);
    assertThat(r.message()).contains("3 new lines, 2 warning").contains("memory_high_watermark set");
  }

  @Test
  void moreWarningsPerMinuteThanAllowedRaiseLogErrorRateUntilTheMinutePasses() throws Exception {
    LogCheck spec = check(null, 5);
    LogProbe probe = probe(spec);
    TargetDetector detector = new TargetDetector("app", DetectSettings.none(), c -> 3, 1,
        Map.of(spec.name(), spec.rules()));
    probe.run(TIMEOUT);

    append("retry 1\nretry 2\nretry 3\n");
    assertThat(observe(probe, detector, spec)).isEmpty(); // 3 in the minute
    clock.advance(Duration.ofSeconds(20));
    append("retry 4\nretry 5\n");
    assertThat(observe(probe, detector, spec)).isEmpty(); // 5: not more than 5
    clock.advance(Duration.ofSeconds(20));
    append("retry 6\n");
    List<Signal> raised = observe(probe, detector, spec); // 6 within 40 s
    assertThat(raised).singleElement().isInstanceOfSatisfying(Signal.Raise.class,
        s -> assertThat(s.condition()).isEqualTo("log_error_rate"));

    clock.advance(Duration.ofSeconds(25)); // the first 3 left the minute: 3 remain
    List<Signal> cleared = observe(probe, detector, spec);
    assertThat(cleared).singleElement().isInstanceOf(Signal.Clear.class);
  }

  @Test
  void moreCriticalLinesPerMinuteThanAllowedRaiseLogErrorRate() throws Exception {
    LogCheck spec = check(2, null);
    LogProbe probe = probe(spec);
    // One failure raises, as the agent sets it for a check that raisesOnFirstFailure().
    TargetDetector detector = new TargetDetector("app", DetectSettings.none(), c -> 1, 1,
        Map.of(spec.name(), spec.rules()));
    probe.run(TIMEOUT);
    append("connection refused\nconnection refused\nconnection refused\n");
    List<Signal> signals = observe(probe, detector, spec);
    assertThat(signals).extracting(Signal::condition).containsExactlyInAnyOrder("log_critical", "log_error_rate");
  }

  private List<Signal> observe(LogProbe probe, TargetDetector detector, LogCheck spec) throws Exception {
    return detector.observe(Observation.of(clock.instant(), "app", spec.name(), probe.run(TIMEOUT)));
  }

  @Test
  void aMissingFileIsUpAndWaitingAndIsReadWholeOnceItAppears() throws Exception {
    Files.delete(log);
    LogProbe probe = probe(check(null, null));
    ProbeResult r = probe.run(TIMEOUT);
    assertThat(r.status()).isEqualTo(Status.UP);
    assertThat(r.message()).contains("waiting for " + log);
    assertThat(r.metrics()).containsEntry("log_present", 0.0).doesNotContainKey("log_offset");

    Files.writeString(log, "PANIC: page corruption detected\n");
    ProbeResult appeared = probe.run(TIMEOUT);
    assertThat(appeared.condition()).isEqualTo("log_critical");
  }

  @Test
  void aPathThatCannotBeReadIsDownLogUnreadable() throws Exception {
    Files.delete(log);
    Files.createDirectory(log);
    LogProbe probe = probe(check(null, null));
    ProbeResult r = probe.run(TIMEOUT);
    assertThat(r.status()).isEqualTo(Status.DOWN);
    assertThat(r.condition()).isEqualTo("log_unreadable");
    assertThat(r.message()).contains("cannot read " + log);
  }

  @Test
  void aNewProbeResumesFromTheMetricsOfTheLastObservation() throws Exception {
    LogProbe first = probe(check(null, null));
    first.run(TIMEOUT);
    append("seen FATAL: database one\n");
    ProbeResult last = first.run(TIMEOUT);
    first.close();
    append("unseen FATAL: database two\n");

    LogProbe second = probe(check(null, null));
    second.resume(Observation.of(clock.instant(), "app", "app-log", last));
    ProbeResult r = second.run(TIMEOUT);

    assertThat(r.message()).contains("database two").doesNotContain("database one");
    assertThat(r.metrics()).containsEntry("lines_read", 1.0);
  }

  @Test
  void linesThatAreNotValidUtf8AreDecodedLenientlyAndStillMatch() throws Exception {
    LogCheck spec = new LogCheck("app-log", null, null, log.toString(),
        List.of(LinePattern.parse("/échec critique/i")), List.of(), null, null);
    LogProbe probe = probe(spec);
    probe.run(TIMEOUT);
    byte[] bad = {(byte) 0xff, (byte) 0xfe, ' '};
    Files.write(log, bad, StandardOpenOption.APPEND);
    append("ÉCHEC CRITIQUE du disque\n");

    ProbeResult r = probe.run(TIMEOUT);

    assertThat(r.condition()).isEqualTo("log_critical");
    assertThat(r.message()).contains("\uFFFD\uFFFD ÉCHEC CRITIQUE du disque");
    assertThat(new String(bad, StandardCharsets.UTF_8)).contains("\uFFFD");
  }

  @Test
  void theSpecRefusesWhatCouldNeverWork() {
    assertThatThrownBy(() -> new LogCheck(null, null, null, "var/log/app.log", CRITICAL, null, null, null))
        .hasMessageContaining("path must be absolute, got 'var/log/app.log'");
    assertThatThrownBy(() -> new LogCheck(null, null, null, "/var/log/*.log", CRITICAL, null, null, null))
        .hasMessageContaining("globs are not supported");
    assertThatThrownBy(() -> new LogCheck(null, null, null, null, CRITICAL, null, null, null))
        .hasMessageContaining("path is required");
    assertThatThrownBy(() -> new LogCheck(null, null, null, "/var/log/app.log", null, List.of(), null, null))
        .hasMessageContaining("at least one pattern");
    assertThatThrownBy(() -> new LogCheck(null, null, null, "/var/log/app.log", CRITICAL, null, null, 5))
        .hasMessageContaining("max_warnings_per_minute needs warning patterns");
    assertThatThrownBy(() -> new LogCheck(null, null, null, "/var/log/app.log", CRITICAL, null, -1, null))
        .hasMessageContaining("max_critical_per_minute must be >= 0, got -1");
    assertThat(new LogCheck(null, null, null, "/var/log/app.log", CRITICAL, null, null, null).name()).isEqualTo("log");
  }
}

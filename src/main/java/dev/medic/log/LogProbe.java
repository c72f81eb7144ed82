package dev.medic.log;

import dev.medic.spi.Observation;
import dev.medic.spi.Probe;
import dev.medic.spi.ProbeResult;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One followed log file. Keeps the file open between runs; each run reads what was appended and
 * reports where it stands ({@code log_offset}, {@code log_inode}, {@code log_device}) in its
 * metrics, which is what {@link #resume} continues from after a restart of medic.
 */
final class LogProbe implements Probe {

  /** Matching lines quoted in a run's message, each cut to {@link #QUOTE_CHARS}. */
  static final int QUOTED_LINES = 5;
  static final int QUOTE_CHARS = 300;

  private final LogCheck spec;
  private final Clock clock;
  private final LogTail tail;
  private final LineMatcher matcher;
  private final RateWindow criticalRate = new RateWindow(Duration.ofMinutes(1));
  private final RateWindow warningRate = new RateWindow(Duration.ofMinutes(1));

  // One run's findings, filled by the line sink.
  private long criticalLines;
  private long warningLines;
  private final List<String> criticalQuotes = new ArrayList<>(QUOTED_LINES);
  private final List<String> warningQuotes = new ArrayList<>(1);

  LogProbe(LogCheck spec, Clock clock) {
    this.spec = spec;
    this.clock = clock;
    this.tail = new LogTail(Path.of(spec.path()), LogCheck.MAX_LINE_BYTES);
    this.matcher = new LineMatcher(spec.critical(), spec.warning());
  }

  @Override
  public synchronized void resume(Observation last) {
    Map<String, Double> m = last.metrics();
    Double inode = m.get("log_inode");
    Double device = m.get("log_device");
    Double offset = m.get("log_offset");
    Double head = m.get("log_head");
    if (inode != null && device != null && offset != null) {
      tail.resume(new LogTail.Position(new FileIdentity(inode, device), offset.longValue(),
          head == null ? null : head.longValue()));
    } else if (Double.valueOf(0).equals(m.get("log_present"))) {
      tail.resume(new LogTail.Position(null, 0, null)); // it was waiting: a file created meanwhile is all news
    }
  }

  @Override
  public synchronized ProbeResult run(Duration timeout) throws InterruptedException {
    long start = System.nanoTime();
    // Stop reading well before the scheduler's own timeout: the rest is read by the next run.
    long deadline = start + timeout.toNanos() * 3 / 4;
    criticalLines = 0;
    warningLines = 0;
    criticalQuotes.clear();
    warningQuotes.clear();
    Map<String, Double> metrics = new LinkedHashMap<>();
    LogTail.Progress progress;
    try {
      progress = tail.read(this::line, deadline);
    } catch (ClosedByInterruptException e) {
      Thread.interrupted();
      throw new InterruptedException("reading " + spec.path() + " was interrupted");
    } catch (AccessDeniedException e) {
      position(metrics);
      return ProbeResult.down(took(start), metrics, LogCheck.LOG_UNREADABLE,
          "cannot read " + spec.path() + ": permission denied");
    } catch (IOException e) {
      position(metrics);
      return ProbeResult.down(took(start), metrics, LogCheck.LOG_UNREADABLE,
          "cannot read " + spec.path() + ": " + e);
    }
    Instant now = clock.instant();
    criticalRate.add(now, criticalLines);
    warningRate.add(now, warningLines);
    metrics.put("log_present", progress.present() ? 1.0 : 0.0);
    metrics.put("lines_read", (double) progress.lines());
    metrics.put("bytes_read", (double) progress.bytes());
    metrics.put("critical_lines", (double) criticalLines);
    metrics.put("warning_lines", (double) warningLines);
    metrics.put("critical_per_minute", (double) criticalRate.count(now));
    metrics.put("warning_per_minute", (double) warningRate.count(now));
    position(metrics);
    List<String> notes = new ArrayList<>(progress.events());
    if (criticalLines > 0) {
      notes.addFirst(criticalLines + " critical line" + (criticalLines == 1 ? "" : "s") + " in " + spec.path()
          + ": " + String.join(" | ", criticalQuotes)
          + (criticalLines > criticalQuotes.size() ? " | (" + (criticalLines - criticalQuotes.size()) + " more)" : ""));
      if (warningLines > 0) {
        notes.add(warningLines + " warning lines");
      }
      return ProbeResult.down(took(start), metrics, LogCheck.LOG_CRITICAL, String.join("; ", notes));
    }
    notes.add(progress.lines() + " new lines, " + warningLines + " warning"
        + (warningQuotes.isEmpty() ? "" : " (first: " + warningQuotes.getFirst() + ")"));
    return ProbeResult.up(took(start), metrics, String.join("; ", notes));
  }

  private void position(Map<String, Double> metrics) {
    LogTail.Position p = tail.position();
    if (p.file() != null) {
      metrics.put("log_offset", (double) p.offset());
      metrics.put("log_inode", p.file().inode());
      metrics.put("log_device", p.file().device());
      if (p.head() != null) {
        metrics.put("log_head", (double) p.head());
      }
    }
  }

  private void line(byte[] bytes, int offset, int length) {
    switch (matcher.classify(bytes, offset, length)) {
      case CRITICAL -> {
        criticalLines++;
        if (criticalQuotes.size() < QUOTED_LINES) {
          criticalQuotes.add(quote(bytes, offset, length));
        }
      }
      case WARNING -> {
        warningLines++;
        if (warningQuotes.isEmpty()) {
          warningQuotes.add(quote(bytes, offset, length));
        }
      }
      case NONE -> { }
    }
  }

  private static String quote(byte[] bytes, int offset, int length) {
    String line = LineMatcher.decode(bytes, offset, Math.min(length, QUOTE_CHARS * 4)).strip();
    return line.length() <= QUOTE_CHARS ? line : line.substring(0, QUOTE_CHARS) + "…";
  }

  @Override
  public synchronized void close() {
    tail.close();
  }

  private static Duration took(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}

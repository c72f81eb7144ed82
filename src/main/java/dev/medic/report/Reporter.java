package dev.medic.report;

import dev.medic.config.MedicConfig;
import dev.medic.config.ReportConfig;
import dev.medic.spi.ChannelSpec;
import dev.medic.spi.Report;
import dev.medic.spi.ReportChannel;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports on demand (the API, {@code medic report}) and on schedule. A report is named by {@code
 * reports[].name}; without a name, the only configured report, or else one over all targets that has
 * no channels. A person who asks for a report gets it sent once per channel, whatever {@code
 * send_when} says; a scheduled one follows {@code send_when} and retries as {@code escalation.retry} says.
 */
public final class Reporter {

  private static final Logger log = LoggerFactory.getLogger("medic.report");

  /** The name of a report over all targets, made when no report is named. */
  public static final String ALL = "medic";

  /** No report of that name is configured. */
  public static final class NoSuchReport extends IllegalArgumentException {
    NoSuchReport(String message) {
      super(message);
    }
  }

  private final Supplier<MedicConfig> config;
  private final ReportBuilder builder;
  private final ReportSender sender;

  public Reporter(Supplier<MedicConfig> config, ReportBuilder builder, ReportSender sender) {
    this.config = config;
    this.builder = builder;
    this.sender = sender;
  }

  /**
   * Makes the report without sending it.
   *
   * @param name a report's name, or null (see the class comment)
   * @param hours the window, or null for the report's own
   * @throws NoSuchReport for an unknown name
   * @throws IllegalArgumentException for hours outside 1..720
   */
  public Report make(String name, Integer hours) {
    MedicConfig cfg = config.get();
    ReportConfig r = resolve(cfg, name);
    return builder.build(cfg, r.name(), window(r, hours), r.labels(), null);
  }

  /** Makes the report and sends it once through each of its channels. */
  public ReportRun send(String name, Integer hours) throws InterruptedException {
    MedicConfig cfg = config.get();
    ReportConfig r = resolve(cfg, name);
    Report report = builder.build(cfg, r.name(), window(r, hours), r.labels(), null);
    return new ReportRun(report, sender.send(report, channels(cfg, r), null));
  }

  /**
   * A scheduled run: makes the report, and unless {@code send_when} keeps a good one quiet, sends it
   * with retries.
   *
   * @param next when this report is due again, shown in it
   */
  public ReportRun scheduled(ReportConfig r, Instant next) throws InterruptedException {
    MedicConfig cfg = config.get();
    Report report = builder.build(cfg, r.name(), r.hours(), r.labels(), next);
    if (!r.sends(report.verdict() == Report.Verdict.ALL_GOOD)) {
      log.info("report {}: all good, not sent (send_when: {})", r.name(), r.sendWhen());
      return new ReportRun(report, List.of());
    }
    List<ChannelOutcome> outcomes = sender.send(report, channels(cfg, r), cfg.escalation().retry());
    for (ChannelOutcome o : outcomes) {
      if (o.delivered()) {
        log.info("report {} ({}) sent to {}", r.name(), report.verdict().key(), o.channel());
      } else {
        log.warn("report {} ({}) not sent to {}: {}", r.name(), report.verdict().key(), o.channel(), o.detail());
      }
    }
    return new ReportRun(report, outcomes);
  }

  private static ReportConfig resolve(MedicConfig cfg, String name) {
    if (name == null) {
      // The schedule of a report over all targets is never used: it is only made on demand.
      return cfg.reports().size() == 1 ? cfg.reports().getFirst()
          : new ReportConfig(ALL, "0 0 * * *", null, null, List.of(), Map.of(), null);
    }
    return cfg.report(name).orElseThrow(() -> new NoSuchReport("no report named '" + name + "'" + (cfg.reports().isEmpty()
        ? " (the config has no reports:)"
        : " (configured: " + String.join(", ", cfg.reports().stream().map(ReportConfig::name).toList()) + ")")));
  }

  private static int window(ReportConfig r, Integer hours) {
    if (hours == null) {
      return r.hours();
    }
    if (hours < 1 || hours > ReportConfig.MAX_HOURS) {
      throw new IllegalArgumentException("hours must be 1.." + ReportConfig.MAX_HOURS + ", got " + hours);
    }
    return hours;
  }

  /** The report's channels; the config check made sure each exists and can carry a report. */
  private static List<ReportChannel> channels(MedicConfig cfg, ReportConfig r) {
    return r.channels().stream()
        .map(n -> cfg.escalation().channels().stream().filter(c -> c.name().equals(n)).findFirst().orElseThrow())
        .map(ChannelSpec.class::cast)
        .map(ReportChannel.class::cast)
        .toList();
  }
}

package dev.medic.cli;

import dev.medic.config.LogRedaction;
import dev.medic.config.MedicConfig;
import dev.medic.report.ChannelOutcome;
import dev.medic.report.ReportBuilder;
import dev.medic.report.ReportRun;
import dev.medic.report.ReportSender;
import dev.medic.report.ReportText;
import dev.medic.report.Reporter;
import dev.medic.silence.SilenceBook;
import dev.medic.runtime.Plugins;
import dev.medic.runtime.Registry;
import dev.medic.spi.Bindings;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.Plugin;
import dev.medic.store.Store;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code medic report [--hours N] [--name NAME] [--dry-run] -c FILE}: makes a report from the store and
 * prints it as text; without {@code --dry-run} also sends it once through each of the report's channels.
 */
@Command(name = "report", description = {"Print how the targets did over the last hours, from the store; without"
    + " --dry-run also send it to the report's channels.",
    "Exit 0 when printed (and every channel accepted it), 1 if a channel refused it, 2 if the config, the"
        + " report's name or --hours is wrong."})
final class ReportCommand implements Callable<Integer> {

  @Option(names = "--hours", paramLabel = "N", description = "The window, 1..720 hours (default: the report's hours, else 12).")
  Integer hours;

  @Option(names = "--name", paramLabel = "NAME",
      description = "A report of reports: (default: the only one, else one over all targets without channels).")
  String name;

  @Option(names = "--dry-run", description = "Print only; send nothing.")
  boolean dryRun;

  @Mixin StoreOption store;

  @Override
  public Integer call() throws Exception {
    Optional<MedicConfig> loaded = store.config.loadOrReport();
    if (loaded.isEmpty()) {
      return 2;
    }
    MedicConfig cfg = loaded.get();
    LogRedaction.use(cfg.redactor());
    List<Plugin> plugins = dryRun ? List.of() : Plugins.standard();
    try (Store s = store.open()) {
      ChannelContext context = new ChannelContext(dryRun ? Bindings.none() : new Registry(plugins, Bindings.builder()).bindings());
      Clock clock = Clock.systemUTC();
      Reporter reporter = new Reporter(() -> cfg, new ReportBuilder(s, clock, new SilenceBook(s, () -> cfg, clock)::activeLines),
          new ReportSender(s, context, clock, Thread::sleep, cfg.redactor()::redact));
      ReportRun run;
      try {
        run = dryRun ? new ReportRun(reporter.make(name, hours), List.of()) : reporter.send(name, hours);
      } catch (IllegalArgumentException e) {
        System.err.println("medic report: " + e.getMessage());
        return 2;
      }
      System.out.println(ReportText.plain(run.report()));
      if (!dryRun && run.outcomes().isEmpty()) {
        System.err.println("not sent: report '" + run.report().name() + "' has no channels (name a report of reports: with --name)");
      }
      boolean refused = false;
      for (ChannelOutcome o : run.outcomes()) {
        if (o.delivered()) {
          System.err.println("sent: channel " + o.channel() + " accepted the report");
        } else {
          System.err.println("not sent: channel " + o.channel() + ": " + o.detail());
          refused = true;
        }
      }
      return refused ? 1 : 0;
    } finally {
      plugins.forEach(Plugin::close);
    }
  }
}

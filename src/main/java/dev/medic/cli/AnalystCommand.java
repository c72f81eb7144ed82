package dev.medic.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.analyze.BundleJson;
import dev.medic.analyze.BundleMarkdown;
import dev.medic.analyze.RuleAnalyst;
import dev.medic.analyze.Scorecard;
import dev.medic.config.ConfigException;
import dev.medic.config.EscalationConfig;
import dev.medic.config.MedicConfig;
import dev.medic.spi.Analysis;
import dev.medic.spi.AnalystContext;
import dev.medic.spi.AnalystSpec;
import dev.medic.spi.IncidentBundle;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code medic analyst score}: how well an analyst finds known root causes. */
@Command(name = "analyst", description = "Work with analysts.", subcommands = AnalystCommand.Score.class)
final class AnalystCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /**
   * {@code medic analyst score [DIR] [--analyst NAME] [-c FILE]}: runs an analyst on incident fixtures
   * with known root causes and prints one line per fixture and the top-1 accuracy.
   */
  @Command(name = "score",
      description = {"Score an analyst on incident fixtures with known root causes; print each and the top-1 "
          + "accuracy.",
          "Without DIR, the fixtures medic ships. The rule analyst needs no config; any other analyst is read "
              + "from escalation.analysts of the config."})
  static final class Score implements java.util.concurrent.Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "DIR",
        description = "Directory of *.json fixtures (default: the shipped set).")
    Path dir;

    @Option(names = "--analyst", paramLabel = "NAME", defaultValue = EscalationConfig.RULES,
        description = "Analyst to score: rules, or a name from escalation.analysts (default: ${DEFAULT-VALUE}).")
    String analyst;

    @Mixin ConfigOption config;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public Integer call() throws Exception {
      Clock clock = Clock.systemUTC();
      ObjectMapper json = Scorecard.fixtureMapper();
      Scorecard scorecard = new Scorecard(json);
      List<Scorecard.Fixture> fixtures;
      try {
        fixtures = dir == null ? scorecard.loadShipped() : scorecard.load(dir);
      } catch (IOException e) {
        throw new UserError(e.getMessage());
      }
      Function<IncidentBundle, Analysis> analyse = EscalationConfig.RULES.equals(analyst)
          ? new RuleAnalyst(clock)::analyze
          : configured(clock);
      Scorecard.Result result = scorecard.score(analyst, fixtures, analyse);
      System.out.print(result.report());
      return 0;
    }

    /** The named analyst of the config, each run bounded by its timeout. */
    private Function<IncidentBundle, Analysis> configured(Clock clock)
        throws UserError, ConfigException {
      if (!config.exists()) {
        throw new UserError("--analyst " + analyst + " needs a config with escalation.analysts; " + config.file
            + " does not exist (give it with -c FILE)");
      }
      MedicConfig cfg = config.load();
      AnalystSpec spec = cfg.escalation().analyst(analyst).orElseThrow(() -> new UserError(
          "--analyst: no analyst named '" + analyst + "' in escalation.analysts of " + config.file
              + "; expected one of " + cfg.escalation().analysts().stream().map(AnalystSpec::name).toList()
              + " or rules"));
      BundleJson json = new BundleJson();
      BundleMarkdown markdown = new BundleMarkdown();
      return bundle -> run(spec, new AnalystContext(clock, json.json(bundle), markdown.markdown(bundle)), bundle);
    }

    private static Analysis run(AnalystSpec spec, AnalystContext context, IncidentBundle bundle) {
      ExecutorService one = Executors.newVirtualThreadPerTaskExecutor();
      Future<Analysis> analysis = one.submit(() -> spec.analyze(context, bundle));
      try {
        return analysis.get(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        analysis.cancel(true);
        return Analysis.failed(bundle.incident().id(), spec.name(), context.clock().instant(),
            "timed out after " + spec.timeout().toSeconds() + " s", null);
      } catch (ExecutionException e) {
        return Analysis.failed(bundle.incident().id(), spec.name(), context.clock().instant(),
            String.valueOf(e.getCause()), null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } finally {
        // Not close(): an analyst that ignores the interrupt must not hold up the next fixture.
        one.shutdownNow();
      }
    }
  }
}

package dev.medic.cli;

import dev.medic.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code medic}: the command-line entry point. */
@Command(
    name = "medic",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "Self-hosted autonomous site-reliability agent: watch, detect, heal, verify, record.",
    subcommands = {
      RunCommand.class,
      DemoCommand.class,
      ValidateCommand.class,
      CheckCommand.class,
      IncidentsCommand.class,
      IncidentCommand.class,
      AnalystCommand.class,
      AuditCommand.class,
      AckCommand.class,
      NotifyCommand.class,
      ReportCommand.class,
      SilenceCommand.class,
      TokenCommand.class,
      McpCommand.class,
      SchemaCommand.class,
      VersionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    // --help on every subcommand, including those that do not declare it themselves.
    for (CommandLine sub : cli.getSubcommands().values()) {
      if (!sub.getCommandSpec().optionsMap().containsKey("--help")) {
        sub.getCommandSpec().addOption(CommandLine.Model.OptionSpec.builder("-h", "--help")
            .usageHelp(true).description("Show this help message and exit.").build());
      }
    }
    cli.setExecutionExceptionHandler(Main::reportUserError);
    return cli.execute(args);
  }

  /** A problem the user can fix is one line on stderr, not a stack trace. */
  private static int reportUserError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
    if (e instanceof UserError) {
      cmd.getErr().println("medic " + cmd.getCommandName() + ": " + e.getMessage());
      return 1;
    }
    if (e instanceof ConfigException) {
      cmd.getErr().println(e.getMessage());
      return 2;
    }
    throw e;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}

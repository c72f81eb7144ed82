package dev.medic.cli;

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
      AuditCommand.class,
      VersionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  public static int execute(String... args) {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}

package dev.medic.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code medic version}. */
@Command(name = "version", description = "Print medic's version.")
final class VersionCommand implements Runnable {

  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** For {@code medic --version}. */
  static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"medic " + version() + " (Java " + Runtime.version() + ")"};
    }
  }

  @Override
  public void run() {
    System.out.println("medic " + version() + " (Java " + Runtime.version() + ")");
  }
}

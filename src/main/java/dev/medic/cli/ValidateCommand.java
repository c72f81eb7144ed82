package dev.medic.cli;

import dev.medic.runtime.Plugins;
import dev.medic.config.ConfigException;
import dev.medic.config.ConfigLoader;
import dev.medic.config.MedicConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code medic validate FILE...}: exits 1 if any file has a problem, naming file, line and field. */
@Command(name = "validate", description = "Check config files; print every problem with file, line and field.")
final class ValidateCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE")
  List<Path> files;

  @Override
  public Integer call() {
    int bad = 0;
    ConfigLoader loader = new ConfigLoader(Plugins.registry());
    for (Path file : files) {
      try {
        MedicConfig c = loader.load(file);
        int checks = c.targets().stream().mapToInt(t -> t.checks().size()).sum();
        System.out.printf("ok: %s (%d targets, %d checks, %d strategies)%n", file, c.targets().size(), checks,
            c.strategies().size());
      } catch (ConfigException e) {
        bad++;
        System.err.println(e.getMessage());
      }
    }
    return bad == 0 ? 0 : 1;
  }
}

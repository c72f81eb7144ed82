package dev.medic.cli;

import dev.medic.config.ConfigSchema;
import dev.medic.runtime.Plugins;
import picocli.CommandLine.Command;

/** {@code medic schema}: the JSON Schema of the config file, for editors. */
@Command(name = "schema", description = {
    "Print the JSON Schema of medic's config file, made from the kinds this medic knows.",
    "Editors complete and check configs with it: save it (medic schema > medic.schema.json) and",
    "start a config with  # yaml-language-server: $schema=medic.schema.json"})
final class SchemaCommand implements Runnable {

  @Override
  public void run() {
    System.out.print(new ConfigSchema(Plugins.registry()).text());
  }
}

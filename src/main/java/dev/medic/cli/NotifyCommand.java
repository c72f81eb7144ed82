package dev.medic.cli;

import dev.medic.config.LogRedaction;
import dev.medic.config.MedicConfig;
import dev.medic.runtime.Plugins;
import dev.medic.runtime.Registry;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.ChannelSpec;
import dev.medic.spi.DeliveryFailure;
import dev.medic.spi.Incident;
import dev.medic.spi.MessageKind;
import dev.medic.spi.Notice;
import dev.medic.spi.Plugin;
import dev.medic.spi.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code medic notify test CHANNEL -c FILE}: sends one test message through a configured channel,
 * now and once (no outbox, no retry), and says what the receiver answered. Exits 1 if it refused.
 */
@Command(name = "notify", description = "Channels: 'notify test CHANNEL' sends a test message through one.",
    subcommands = NotifyCommand.Test.class)
final class NotifyCommand {

  @Command(name = "test", description = {"Send a test message through a configured channel, once, now.",
      "Exit 0 if the receiver accepted it, 1 if not, 2 if the config or the channel name is wrong."})
  static final class Test implements Callable<Integer> {

    @Mixin ConfigOption config;

    @Parameters(paramLabel = "CHANNEL", description = "The channel's name, as in escalation.channels.")
    String channel;

    @Override
    public Integer call() throws InterruptedException {
      Optional<MedicConfig> loaded = config.loadOrReport();
      if (loaded.isEmpty()) {
        return 2;
      }
      MedicConfig cfg = loaded.get();
      LogRedaction.use(cfg.redactor());
      List<ChannelSpec> channels = cfg.escalation().channels();
      Optional<ChannelSpec> found = channels.stream().filter(c -> c.name().equals(channel)).findFirst();
      if (found.isEmpty()) {
        System.err.println("no channel named '" + channel + "' in " + config.file + " (configured: "
            + String.join(", ", channels.stream().map(ChannelSpec::name).toList()) + ")");
        return 2;
      }
      ChannelSpec c = found.get();
      List<Plugin> plugins = Plugins.standard();
      try {
        Registry kinds = new Registry(plugins, dev.medic.spi.Bindings.builder());
        c.deliver(new ChannelContext(kinds.bindings()), testNotice());
        System.out.println("sent: channel " + c.name() + " (" + c.destination() + ") accepted the test message");
        return 0;
      } catch (DeliveryFailure e) {
        System.err.println("not sent: channel " + c.name() + " (" + c.destination() + "): "
            + cfg.redactor().redact(e.getMessage()));
        return 1;
      } finally {
        plugins.forEach(Plugin::close);
      }
    }

    /** An escalation about no real incident, saying plainly that it is a test. */
    private static Notice testNotice() {
      Incident incident = Incident.open("medic", "test_message", Severity.CRITICAL,
          "a test message from medic notify test: no incident is open", Instant.now()).withId(0);
      return new Notice(UUID.randomUUID().toString(), MessageKind.ESCALATION, incident,
          "test message from 'medic notify test': if you read this, the channel works", Map.of());
    }
  }
}

package dev.medic.cli;

import dev.medic.config.LogRedaction;
import dev.medic.config.MedicConfig;
import dev.medic.notify.TestMessage;
import dev.medic.runtime.Plugins;
import dev.medic.runtime.Registry;
import dev.medic.spi.ChannelContext;
import dev.medic.spi.ChannelSpec;
import dev.medic.spi.Plugin;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
      Optional<ChannelSpec> found = TestMessage.find(channels, channel);
      if (found.isEmpty()) {
        System.err.println("no channel named '" + channel + "' in " + config.file + " (configured: "
            + String.join(", ", channels.stream().map(ChannelSpec::name).toList()) + ")");
        return 2;
      }
      ChannelSpec c = found.get();
      List<Plugin> plugins = Plugins.standard();
      try {
        Registry kinds = new Registry(plugins, dev.medic.spi.Bindings.builder());
        TestMessage.Sent sent = TestMessage.send(c, new ChannelContext(kinds.bindings()), Instant.now(),
            cfg.redactor()::redact);
        if (sent.accepted()) {
          System.out.println("sent: " + sent.answer());
          return 0;
        }
        System.err.println("not sent: channel " + c.name() + " (" + c.destination() + "): " + sent.answer());
        return 1;
      } finally {
        plugins.forEach(Plugin::close);
      }
    }
  }
}

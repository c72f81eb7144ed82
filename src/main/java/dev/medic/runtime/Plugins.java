package dev.medic.runtime;

import dev.medic.dns.DnsPlugin;
import dev.medic.host.HostPlugin;
import dev.medic.files.FilesPlugin;
import dev.medic.http.HttpPlugin;
import dev.medic.log.LogPlugin;
import dev.medic.mysql.MySqlPlugin;
import dev.medic.notify.opsgenie.OpsgeniePlugin;
import dev.medic.notify.pagerduty.PagerDutyPlugin;
import dev.medic.notify.discord.DiscordPlugin;
import dev.medic.notify.email.EmailPlugin;
import dev.medic.notify.slack.SlackPlugin;
import dev.medic.notify.alertmanager.AlertmanagerPlugin;
import dev.medic.notify.cdevents.CdEventsPlugin;
import dev.medic.notify.ntfy.NtfyPlugin;
import dev.medic.notify.teams.TeamsPlugin;
import dev.medic.notify.telegram.TelegramPlugin;
import dev.medic.notify.twilio.TwilioPlugin;
import dev.medic.notify.webhook.WebhookPlugin;
import dev.medic.postgres.PostgresPlugin;
import dev.medic.process.ProcessPlugin;
import dev.medic.rabbitmq.RabbitMqPlugin;
import dev.medic.redis.RedisPlugin;
import dev.medic.services.ServicesPlugin;
import dev.medic.spi.Bindings;
import dev.medic.spi.Plugin;
import dev.medic.sql.SqlPlugin;
import dev.medic.tcp.TcpPlugin;
import dev.medic.tls.TlsPlugin;
import java.util.List;

/** The one list of the technologies medic ships with. A new plugin is one line here. */
public final class Plugins {

  private Plugins() {}

  /** A fresh instance of every plugin: each owns its clients, so each runtime gets its own. */
  public static List<Plugin> standard() {
    return List.of(
        new HttpPlugin(),
        new TcpPlugin(),
        new TlsPlugin(),
        new DnsPlugin(),
        new ProcessPlugin(),
        new HostPlugin(),
        new SqlPlugin(),
        new PostgresPlugin(),
        new MySqlPlugin(),
        new RedisPlugin(),
        new LogPlugin(),
        new RabbitMqPlugin(),
        new FilesPlugin(),
        new ServicesPlugin(),
        new dev.medic.docker.DockerPlugin(),
        new WebhookPlugin(),
        new PagerDutyPlugin(),
        new OpsgeniePlugin(),
        new SlackPlugin(),
        new DiscordPlugin(),
        new TelegramPlugin(),
        new NtfyPlugin(),
        new AlertmanagerPlugin(),
        new CdEventsPlugin(),
        new TeamsPlugin(),
        new TwilioPlugin(),
        new EmailPlugin(),
        new dev.medic.llm.LlmPlugin(),
        new dev.medic.handoff.HandoffPlugin());
  }

  /** The standard plugins' kinds, with nothing of the runtime bound: enough to read a config. */
  public static Registry registry() {
    return new Registry(standard(), Bindings.builder());
  }
}

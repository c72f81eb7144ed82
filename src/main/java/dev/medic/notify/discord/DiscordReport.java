package dev.medic.notify.discord;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.medic.notify.NoticeText;
import dev.medic.report.ReportLines;
import dev.medic.report.ReportText;
import dev.medic.spi.Report;

/**
 * A report as one embed: the verdict as its title and colour, the report's lines in Markdown as its
 * description, and {@code allowed_mentions} that parses nothing, so an {@code @everyone} in a reason stays text.
 */
final class DiscordReport {

  private DiscordReport() {}

  static ObjectNode of(Report report, String username) {
    ReportLines lines = ReportLines.of(report);
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    if (username != null) {
      body.put("username", username);
    }
    ObjectNode embed = body.putArray("embeds").addObject();
    embed.put("title", NoticeText.clip(lines.icon() + " " + lines.title(), DiscordMessage.TITLE_MAX));
    embed.put("description", NoticeText.clip(ReportText.markdownBody(lines), DiscordMessage.DESCRIPTION_MAX));
    embed.put("color", switch (report.verdict()) {
      case ALL_GOOD -> DiscordMessage.GREEN;
      case SUSPICIOUS_INVESTIGATE -> DiscordMessage.ORANGE;
      case ERRORS_INVESTIGATE -> DiscordMessage.RED;
    });
    embed.put("timestamp", report.at().toString());
    body.putObject("allowed_mentions").putArray("parse");
    return body;
  }
}

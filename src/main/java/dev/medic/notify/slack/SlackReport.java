package dev.medic.notify.slack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.medic.report.ReportLines;
import dev.medic.spi.Report;
import java.util.List;

/**
 * A report as Block Kit: a {@code text} fallback (the title), a header, one mrkdwn section per block of
 * lines and a context footer. Each text is escaped and cut to Slack's limits; a report has at most
 * seven blocks, far under Slack's fifty.
 */
final class SlackReport {

  private SlackReport() {}

  static ObjectNode of(Report report) {
    ReportLines lines = ReportLines.of(report);
    String title = lines.icon() + " " + lines.title();
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("text", SlackText.mrkdwn(title, SlackMessage.TEXT_MAX));
    ArrayNode blocks = body.putArray("blocks");
    blocks.addObject().put("type", "header").putObject("text").put("type", "plain_text")
        .put("text", SlackText.plain(title, SlackMessage.HEADER_MAX));
    for (List<ReportLines.Line> block : lines.blocks()) {
      String text = String.join("\n", block.stream().map(l -> l.icon() + " " + l.text()).toList());
      blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
          .put("text", SlackText.mrkdwn(text, SlackMessage.TEXT_MAX));
    }
    blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
        .put("text", SlackText.mrkdwn(lines.footer(), SlackMessage.TEXT_MAX));
    return body;
  }
}

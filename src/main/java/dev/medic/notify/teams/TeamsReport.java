package dev.medic.notify.teams;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.medic.report.ReportLines;
import dev.medic.spi.Report;
import java.util.List;

/**
 * A report as a Workflows webhook takes it: one Adaptive Card 1.4 with the title in bold, coloured by
 * the verdict, then a text block per line, a separator before each block of lines, and the footer.
 */
final class TeamsReport {

  private TeamsReport() {}

  static ObjectNode of(Report report) {
    ReportLines lines = ReportLines.of(report);
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode blocks = TeamsCard.cardBody(body);
    blocks.addObject().put("type", "TextBlock").put("text", lines.icon() + " " + lines.title())
        .put("weight", "bolder").put("size", "medium").put("color", color(report)).put("wrap", true);
    for (List<ReportLines.Line> block : lines.blocks()) {
      for (int i = 0; i < block.size(); i++) {
        ObjectNode text = blocks.addObject().put("type", "TextBlock")
            .put("text", block.get(i).icon() + " " + block.get(i).text()).put("wrap", true);
        if (i == 0) {
          text.put("separator", true);
        } else {
          text.put("spacing", "none");
        }
      }
    }
    blocks.addObject().put("type", "TextBlock").put("text", lines.footer()).put("isSubtle", true)
        .put("size", "small").put("separator", true).put("wrap", true);
    return body;
  }

  /** Adaptive Card colour names: green when all is good, amber when suspicious, red for errors. */
  private static String color(Report report) {
    return switch (report.verdict()) {
      case ALL_GOOD -> "good";
      case SUSPICIOUS_INVESTIGATE -> "warning";
      case ERRORS_INVESTIGATE -> "attention";
    };
  }
}

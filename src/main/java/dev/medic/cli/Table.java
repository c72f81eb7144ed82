package dev.medic.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.medic.api.ApiServer;
import dev.medic.config.Redactor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A plain text table with columns sized to their content. */
final class Table {

  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  Table(String... header) {
    this.columns = header.length;
    rows.add(header);
  }

  /**
   * Prints what a read command selected: pretty JSON as the API serves it, or a table with one row
   * per item.
   */
  static <T> void print(List<T> items, boolean json, Function<T, Object[]> row, String... header)
      throws JsonProcessingException {
    print(Redactor.none(), items, json, row, header);
  }

  /** As above, every text passed through {@code redactor} (in JSON, each string value on its own). */
  static <T> void print(Redactor redactor, List<T> items, boolean json, Function<T, Object[]> row, String... header)
      throws JsonProcessingException {
    if (json) {
      ObjectMapper mapper = ApiServer.json();
      JsonNode tree = mapper.valueToTree(items);
      System.out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(redacted(tree, redactor)));
      return;
    }
    Table t = new Table(header);
    for (T item : items) {
      Object[] cells = row.apply(item);
      for (int i = 0; i < cells.length; i++) {
        cells[i] = cells[i] == null ? null : redactor.redact(String.valueOf(cells[i]));
      }
      t.row(cells);
    }
    System.out.print(t);
  }

  /**
   * Redacts string values one by one: a secret holding a quote or a newline is escaped in JSON text
   * and would not be found there.
   */
  private static JsonNode redacted(JsonNode node, Redactor redactor) {
    if (node.isTextual()) {
      return TextNode.valueOf(redactor.redact(node.asText()));
    }
    if (node instanceof ObjectNode o) {
      o.properties().forEach(e -> e.setValue(redacted(e.getValue(), redactor)));
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        a.set(i, redacted(a.get(i), redactor));
      }
    }
    return node;
  }

  Table row(Object... cells) {
    String[] r = new String[columns];
    for (int i = 0; i < columns; i++) {
      r[i] = i < cells.length && cells[i] != null ? String.valueOf(cells[i]) : "";
    }
    rows.add(r);
    return this;
  }

  @Override
  public String toString() {
    int[] width = new int[columns];
    for (String[] r : rows) {
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int n = 0; n < rows.size(); n++) {
      String[] r = rows.get(n);
      for (int i = 0; i < columns; i++) {
        sb.append(i == columns - 1 ? r[i] : String.format("%-" + width[i] + "s  ", r[i]));
      }
      sb.append('\n');
      if (n == 0) {
        for (int i = 0; i < columns; i++) {
          sb.append("-".repeat(width[i])).append(i == columns - 1 ? "" : "  ");
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }
}

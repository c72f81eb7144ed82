package dev.medic.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.medic.api.ApiServer;
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
    if (json) {
      System.out.println(ApiServer.json().writerWithDefaultPrettyPrinter().writeValueAsString(items));
      return;
    }
    Table t = new Table(header);
    for (T item : items) {
      t.row(row.apply(item));
    }
    System.out.print(t);
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

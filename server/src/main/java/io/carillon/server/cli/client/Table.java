package io.carillon.server.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Rows under headers, in columns as wide as their widest cell, as kubectl prints them. */
public final class Table {
  private static final int MAX_CELL = 60;

  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  public Table(String... headers) {
    this.headers = List.of(headers);
  }

  public Table row(Object... cells) {
    List<String> row = new ArrayList<>(Arrays.stream(cells).map(Table::cell).toList());
    // Every column but the last is cut to keep the table readable; the last one is whole.
    for (int i = 0; i < row.size() - 1; i++) {
      String text = row.get(i);
      if (text.length() > MAX_CELL) {
        row.set(i, text.substring(0, MAX_CELL - 3) + "...");
      }
    }
    rows.add(row);
    return this;
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  public void print(PrintStream out) {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    line(out, headers, widths);
    rows.forEach(row -> line(out, row, widths));
  }

  private static void line(PrintStream out, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      line.append(cell);
      if (i < cells.size() - 1) {
        line.append(" ".repeat(widths[i] - cell.length() + 2));
      }
    }
    out.println(line.toString().stripTrailing());
  }

  private static String cell(Object value) {
    String text;
    if (value == null
        || (value instanceof JsonNode node && (node.isNull() || node.isMissingNode()))) {
      text = "-";
    } else if (value instanceof JsonNode node && node.isValueNode()) {
      text = node.asText();
    } else {
      text = value.toString();
    }
    text = text.replaceAll("\\s+", " ").strip();
    return text.isEmpty() ? "-" : text;
  }
}

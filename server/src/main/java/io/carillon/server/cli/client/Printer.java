package io.carillon.server.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/** Prints what a command got: a table for people, or the API's JSON (or YAML) for scripts. */
public final class Printer {
  /** {@code --output}: how results are printed. */
  public enum Format {
    TABLE,
    JSON,
    YAML;

    public static Format of(String text) {
      return valueOf(text.toUpperCase(Locale.ROOT));
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .build());

  private final Format format;
  private final PrintStream out;

  public Printer(Format format, PrintStream out) {
    this.format = format;
    this.out = out;
  }

  public Format format() {
    return format;
  }

  /** The value as JSON or YAML, or the table made for people. */
  public void print(JsonNode value, Supplier<Table> table) {
    if (format == Format.TABLE) {
      table.get().print(out);
    } else {
      data(value);
    }
    out.flush();
  }

  /** The value as JSON (pretty) or YAML, whatever the format (a table falls back to YAML). */
  public void data(JsonNode value) {
    out.print(format == Format.JSON ? json(value) + "\n" : yaml(value));
    out.flush();
  }

  /** A line for people; nothing in JSON or YAML mode, where only the data is printed. */
  public void note(String line) {
    if (format == Format.TABLE) {
      out.println(line);
      out.flush();
    }
  }

  public PrintStream out() {
    return out;
  }

  public static String json(JsonNode value) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String yaml(JsonNode value) {
    try {
      return YAML.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads a YAML or JSON document (JSON is YAML too). */
  public static JsonNode readYaml(String text) throws java.io.IOException {
    return YAML.readTree(text);
  }
}

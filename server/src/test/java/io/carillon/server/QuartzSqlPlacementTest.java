package io.carillon.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * SQL naming Quartz's {@code QRTZ_*} tables lives in {@code io.carillon.server.quartz} and its
 * sub-packages only (the job store, and {@code quartz.schema} for everyone else): a string literal
 * of a main source file elsewhere that names one fails the build. Comments may name them.
 */
class QuartzSqlPlacementTest {
  private static final Path MAIN = Path.of("src/main/java");
  private static final Path QUARTZ = MAIN.resolve("io/carillon/server/quartz");

  @Test
  void no_main_source_outside_the_quartz_package_names_a_quartz_table_in_a_string() {
    assertThat(filesNamingQuartzTables(MAIN).filter(file -> !file.startsWith(QUARTZ)))
        .as("SQL on QRTZ_* tables belongs in io.carillon.server.quartz.schema")
        .isEmpty();
  }

  @Test
  void the_check_finds_the_sql_the_quartz_package_holds() {
    assertThat(filesNamingQuartzTables(QUARTZ))
        .as("the scan reads the sources (run from the server module)")
        .contains(QUARTZ.resolve("schema/SchedulerStateDao.java"));
  }

  @Test
  void string_literals_and_text_blocks_are_read_and_comments_and_characters_skipped() {
    String source =
        "// SELECT * FROM qrtz_locks\n"
            + "/* qrtz_triggers, \"qrtz_in_a_comment\" */\n"
            + "String a = \"SELECT \\\"x\\\" FROM QRTZ_TRIGGERS\"; char q = '\"';\n"
            + "String b = \"\"\"\n  DELETE FROM qrtz_fired_triggers\n  \"\"\";\n"
            + "String c = \"carillon_job\"; // \"qrtz_after_code\"\n";

    assertThat(stringLiterals(source))
        .containsExactly(
            "SELECT \\\"x\\\" FROM QRTZ_TRIGGERS",
            "\n  DELETE FROM qrtz_fired_triggers\n  ",
            "carillon_job");
  }

  private static Stream<Path> filesNamingQuartzTables(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(file -> file.toString().endsWith(".java"))
          .filter(QuartzSqlPlacementTest::namesQuartzTable)
          .toList()
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean namesQuartzTable(Path file) {
    try {
      return stringLiterals(Files.readString(file)).stream()
          .anyMatch(literal -> literal.toLowerCase(Locale.ROOT).contains("qrtz_"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The contents of the string literals and text blocks of Java source, escapes left as written.
   */
  static List<String> stringLiterals(String source) {
    List<String> literals = new ArrayList<>();
    int i = 0;
    while (i < source.length()) {
      if (source.startsWith("//", i)) {
        i = end(source.indexOf('\n', i), source);
      } else if (source.startsWith("/*", i)) {
        i = end(source.indexOf("*/", i + 2), source) + 2;
      } else if (source.startsWith("\"\"\"", i)) {
        int close = closing(source, i + 3, "\"\"\"");
        literals.add(source.substring(i + 3, close));
        i = close + 3;
      } else if (source.charAt(i) == '"') {
        int close = closing(source, i + 1, "\"");
        literals.add(source.substring(i + 1, close));
        i = close + 1;
      } else if (source.charAt(i) == '\'') {
        i = closing(source, i + 1, "'") + 1;
      } else {
        i++;
      }
    }
    return literals;
  }

  /** Where {@code quote} closes a literal opened before {@code from}, skipping escapes. */
  private static int closing(String source, int from, String quote) {
    int i = from;
    while (i < source.length() && !source.startsWith(quote, i)) {
      i += source.charAt(i) == '\\' ? 2 : 1;
    }
    return Math.min(i, source.length());
  }

  private static int end(int found, String source) {
    return found < 0 ? source.length() : found;
  }
}

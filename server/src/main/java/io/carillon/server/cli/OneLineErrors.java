package io.carillon.server.cli;

import io.carillon.server.common.StartupException;
import io.dropwizard.configuration.ConfigurationException;
import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints command failures. A problem the operator can fix is one line naming it; anything else is a
 * bug in Carillon and keeps its stack trace for the report.
 */
final class OneLineErrors {
  private static final Pattern UNKNOWN = Pattern.compile("Unrecognized field at: (\\S+)");
  private static final Pattern AT = Pattern.compile("at: ([A-Za-z0-9_.\\[\\]-]+)");

  private OneLineErrors() {}

  static void print(PrintWriter err, Throwable error) {
    StartupException startup = find(error, StartupException.class);
    ConfigurationException config = find(error, ConfigurationException.class);
    FileNotFoundException missing = find(error, FileNotFoundException.class);
    if (startup != null) {
      err.println("carillon: " + startup.getMessage());
    } else if (config != null) {
      err.println("carillon: " + oneLine(config.getMessage()));
    } else if (missing != null) {
      err.println("carillon: " + missing.getMessage());
    } else {
      error.printStackTrace(err);
    }
    err.flush();
  }

  /**
   * Dropwizard's message ("FILE has an error:", then " * " per problem, with "Did you mean?" lists)
   * as one line: {@code FILE: problem; problem}, each naming its key, the {@code -Ddw.} override
   * that set it if one did, and the first suggestion.
   */
  static String oneLine(String message) {
    List<String> lines = message.strip().lines().toList();
    String file = lines.get(0).replaceFirst(" has (an error|the following errors):$", "");
    List<String> problems = new ArrayList<>();
    String suggestion = null;
    boolean suggesting = false;
    for (String line : lines.subList(1, lines.size())) {
      String text = line.strip();
      if (text.startsWith("* ")) {
        close(problems, suggestion);
        suggestion = null;
        suggesting = false;
        problems.add(describe(text.substring(2)));
      } else if (text.equals("Did you mean?:")) {
        suggesting = true;
      } else if (suggesting && suggestion == null && text.startsWith("- ")) {
        suggestion = text.substring(2);
      }
    }
    close(problems, suggestion);
    if (problems.isEmpty()) {
      return String.join(" ", lines.stream().map(String::strip).toList());
    }
    return file + ": " + String.join("; ", problems);
  }

  private static void close(List<String> problems, String suggestion) {
    if (suggestion != null && !problems.isEmpty()) {
      int last = problems.size() - 1;
      problems.set(last, problems.get(last) + "; did you mean " + suggestion + "?");
    }
  }

  private static String describe(String problem) {
    Matcher unknown = UNKNOWN.matcher(problem);
    if (unknown.matches()) {
      return unknown.group(1) + override(unknown.group(1)) + " is not a setting";
    }
    Matcher at = AT.matcher(problem);
    if (at.find()) {
      return problem + override(at.group(1));
    }
    String key = problem.split(" ", 2)[0];
    return problem + override(key);
  }

  /** " (set by -Ddw.KEY)" when a system property set that key, else "". */
  private static String override(String key) {
    return System.getProperty("dw." + key) == null ? "" : " (set by -Ddw." + key + ")";
  }

  private static <T extends Throwable> T find(Throwable error, Class<T> type) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}

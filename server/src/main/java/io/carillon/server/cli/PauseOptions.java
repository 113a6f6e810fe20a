package io.carillon.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carillon.server.cli.client.ClientException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code --reason} and {@code --until} of a pause (a job, a group, the cluster), as the body of the
 * API's pause: {@code --until} is an instant, or a duration from now, which the client turns into
 * the instant so that the server sees one form.
 */
final class PauseOptions {
  private PauseOptions() {}

  static void addTo(Subparser parser) {
    parser.addArgument("--reason").metavar("TEXT").help("why; shown wherever the state is");
    parser
        .addArgument("--until")
        .metavar("INSTANT|DURATION")
        .help(
            "resume by itself then: an ISO-8601 instant (2026-12-24T06:00:00Z) or a duration from"
                + " now (PT2H, P1D); default: until resumed");
  }

  /** The pause's body, or null when neither option was given (the API's defaults). */
  static JsonNode body(Namespace namespace, Clock clock) {
    String reason = namespace.getString("reason");
    String until = namespace.getString("until");
    if (reason == null && until == null) {
      return null;
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    if (reason != null) {
      body.put("reason", reason);
    }
    if (until != null) {
      body.put("until", until(until, clock).toString());
    }
    return body;
  }

  static Instant until(String text, Clock clock) {
    String trimmed = text.strip();
    try {
      String upper = trimmed.toUpperCase(Locale.ROOT);
      if (upper.startsWith("P") || upper.startsWith("-P") || upper.startsWith("+P")) {
        Duration duration = Duration.parse(trimmed);
        if (duration.isNegative() || duration.isZero()) {
          throw ClientException.commandLine(
              "--until must be a duration after now, not '" + text + "'");
        }
        return clock.instant().plus(duration);
      }
      return Instant.parse(trimmed);
    } catch (DateTimeParseException | ArithmeticException e) {
      throw ClientException.commandLine(
          "--until must be an ISO-8601 instant (2026-12-24T06:00:00Z) or duration (PT2H), not '"
              + text
              + "'");
    }
  }

  /** An ISO-8601 instant option, such as {@code --from}: a one-line usage error otherwise. */
  static String instant(Namespace namespace, String option) {
    String text = namespace.getString(option.replace("-", "_"));
    try {
      return Instant.parse(text.strip()).toString();
    } catch (DateTimeException e) {
      throw ClientException.commandLine(
          "--"
              + option
              + " must be an ISO-8601 instant such as 2026-11-28T00:00:00Z, not '"
              + text
              + "'");
    }
  }
}

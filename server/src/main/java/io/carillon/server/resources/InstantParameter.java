package io.carillon.server.resources;

import io.carillon.server.common.InvalidInputException;
import io.carillon.server.core.InstantRange;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** A query parameter holding an instant, such as {@code since}: ISO-8601, within range. */
final class InstantParameter {
  private InstantParameter() {}

  /** The instant, or null when the parameter is absent or blank. */
  static Instant parse(String field, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    Instant instant;
    try {
      instant = Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          field, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
    }
    if (!InstantRange.contains(instant)) {
      throw new InvalidInputException(field, InstantRange.RULE);
    }
    return instant;
  }
}

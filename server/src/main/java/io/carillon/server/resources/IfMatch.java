package io.carillon.server.resources;

import io.carillon.server.core.InvalidInputException;
import io.carillon.server.core.Precondition;

/** Reads an {@code If-Match} header: one of Carillon's job ETags ({@code "7"}) or {@code *}. */
final class IfMatch {
  private IfMatch() {}

  static Precondition precondition(String header) {
    if (header == null || header.isBlank()) {
      return Precondition.NONE;
    }
    String tag = header.strip();
    if (tag.equals("*")) {
      return Precondition.ANY_VERSION;
    }
    if (tag.startsWith("W/")) {
      tag = tag.substring(2);
    }
    if (tag.length() >= 3 && tag.startsWith("\"") && tag.endsWith("\"")) {
      try {
        return Precondition.version(Long.parseLong(tag.substring(1, tag.length() - 1)));
      } catch (NumberFormatException e) {
        // Falls through to the error below.
      }
    }
    throw new InvalidInputException(
        "If-Match", "must be an ETag this server returned, such as \"3\"");
  }
}

package io.carillon.server.resources;

import io.carillon.server.core.InvalidInputException;
import java.util.OptionalLong;

/** Reads an {@code If-Match} header holding one of Carillon's job ETags ({@code "7"}). */
final class IfMatch {
  private IfMatch() {}

  static OptionalLong version(String header) {
    if (header == null || header.isBlank()) {
      return OptionalLong.empty();
    }
    String tag = header.strip();
    if (tag.startsWith("W/")) {
      tag = tag.substring(2);
    }
    if (tag.length() >= 3 && tag.startsWith("\"") && tag.endsWith("\"")) {
      try {
        return OptionalLong.of(Long.parseLong(tag.substring(1, tag.length() - 1)));
      } catch (NumberFormatException e) {
        // Falls through to the error below.
      }
    }
    throw new InvalidInputException(
        "If-Match", "must be an ETag this server returned, such as \"3\"");
  }
}

package io.carillon.server.resources;

import io.carillon.server.common.InvalidInputException;
import io.carillon.server.core.Precondition;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an {@code If-Match} header (RFC 9110 §13.1.1): {@code *}, or a list of entity tags.
 * Carillon's job ETags are versions ({@code "7"}); a well-formed tag that is not one of them is
 * simply not current, which makes the change fail its precondition (412), not a bad request. Only a
 * header that is not an entity-tag list at all is a 400.
 */
final class IfMatch {
  /** One entity-tag and the comma that may follow it: {@code [W/]"etagc*"}. */
  private static final Pattern TAG =
      Pattern.compile("\\s*(?:W/)?\"([\\x21\\x23-\\x7e\\x80-\\xff]*)\"\\s*(,|$)");

  private IfMatch() {}

  static Precondition precondition(String header) {
    if (header == null || header.isBlank()) {
      return Precondition.NONE;
    }
    if (header.strip().equals("*")) {
      return Precondition.ANY_VERSION;
    }
    Set<Long> versions = new HashSet<>();
    Matcher tags = TAG.matcher(header);
    int at = 0;
    while (at < header.length()) {
      if (!tags.find(at) || tags.start() != at) {
        throw invalid();
      }
      version(tags.group(1), versions);
      at = tags.end();
      if (tags.group(2).isEmpty()) {
        break;
      }
    }
    if (at < header.length() || header.strip().endsWith(",")) {
      throw invalid();
    }
    return Precondition.versions(versions);
  }

  private static void version(String opaque, Set<Long> versions) {
    if (opaque.matches("[0-9]{1,18}")) {
      versions.add(Long.parseLong(opaque));
    }
  }

  private static InvalidInputException invalid() {
    return new InvalidInputException(
        "If-Match", "must be * or entity tags such as \"3\" (as the ETag header gave them)");
  }
}

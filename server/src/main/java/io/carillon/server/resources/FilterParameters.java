package io.carillon.server.resources;

import io.carillon.server.common.InvalidInputException;
import io.carillon.server.common.JobState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The query parameters that filter jobs ({@code state}, {@code label}) and the true/false ones. */
final class FilterParameters {
  private FilterParameters() {}

  static JobState state(String state) {
    if (state == null || state.isBlank()) {
      return null;
    }
    try {
      return JobState.valueOf(state.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "state", "must be one of scheduled, paused, running, blocked, completed, error");
    }
  }

  static Map<String, String> labels(List<String> labels) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String label : labels) {
      int colon = label.indexOf(':');
      if (colon <= 0) {
        throw new InvalidInputException("label", "must be key:value, such as team:music");
      }
      result.put(label.substring(0, colon), label.substring(colon + 1));
    }
    return result;
  }

  /** A true/false query parameter; absent is false. */
  static boolean flag(String field, String text) {
    if (text == null || text.isBlank() || text.equals("false")) {
      return false;
    }
    if (text.equals("true")) {
      return true;
    }
    throw new InvalidInputException(field, "must be true or false");
  }

  /** A true/false query parameter; absent is null (no filter). */
  static Boolean bool(String field, String text) {
    return text == null || text.isBlank() ? null : flag(field, text);
  }
}

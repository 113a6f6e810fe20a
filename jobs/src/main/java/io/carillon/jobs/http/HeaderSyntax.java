package io.carillon.jobs.http;

import io.carillon.jobs.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Header names and values an HTTP request can carry (RFC 9110): checked when the job is saved, so
 * that a CR or LF, which could smuggle a header or a request, never reaches a run.
 */
final class HeaderSyntax {
  private static final Pattern NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private HeaderSyntax() {}

  static List<FieldError> check(Map<String, String> headers) {
    List<FieldError> errors = new ArrayList<>();
    headers.forEach(
        (name, value) -> {
          if (!name.isBlank() && !NAME.matcher(name).matches()) {
            errors.add(
                FieldError.param("headers." + name, "is not a valid header name (RFC 9110 token)"));
          } else if (value.chars().anyMatch(c -> c != '\t' && Character.isISOControl(c))) {
            errors.add(
                FieldError.param(
                    "headers." + name, "must not contain control characters such as CR or LF"));
          }
        });
    return errors;
  }
}

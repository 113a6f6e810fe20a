package io.carillon.jobs.http;

import java.util.List;
import java.util.regex.Pattern;

/** Accepted HTTP statuses written as exact codes ({@code 204}) or classes ({@code 2xx}). */
final class StatusPattern {

  private static final Pattern FORM = Pattern.compile("[1-5](\\d\\d|xx)");

  private StatusPattern() {}

  static boolean isValid(String pattern) {
    return FORM.matcher(pattern).matches();
  }

  static boolean accepts(List<String> patterns, int status) {
    String code = Integer.toString(status);
    return patterns.stream()
        .anyMatch(p -> p.equals(code) || (p.endsWith("xx") && code.charAt(0) == p.charAt(0)));
  }
}

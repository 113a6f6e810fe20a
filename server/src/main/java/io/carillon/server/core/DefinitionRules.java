package io.carillon.server.core;

import io.carillon.server.common.FieldError;
import io.carillon.server.core.definition.ExpectSpec;
import io.carillon.server.core.definition.HistorySpec;
import io.carillon.server.core.definition.RetrySpec;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The checks of a definition's optional parts that need nothing but the part itself: durations,
 * retries, labels, history limits and expectations. Each adds what is wrong to {@code errors}, so
 * that {@link JobRequests} names every wrong field at once.
 */
final class DefinitionRules {
  private DefinitionRules() {}

  static Duration duration(List<FieldError> errors, String field, String text, Duration max) {
    if (text == null) {
      return null;
    }
    try {
      Duration duration = Duration.parse(text);
      if (duration.isNegative() || duration.isZero()) {
        errors.add(new FieldError(field, "must be positive"));
      } else if (max != null && duration.compareTo(max) > 0) {
        errors.add(new FieldError(field, "must be at most " + max));
      }
      return duration;
    } catch (DateTimeParseException e) {
      errors.add(new FieldError(field, "must be an ISO-8601 duration such as PT30S or PT1H"));
      return null;
    }
  }

  static RetrySpec retry(List<FieldError> errors, RetrySpec retry) {
    if (retry == null) {
      return null;
    }
    int attempts = retry.maxAttempts() == null ? 1 : retry.maxAttempts();
    if (attempts < 1 || attempts > JobRequests.MAX_ATTEMPTS) {
      errors.add(
          new FieldError("retry.maxAttempts", "must be between 1 and " + JobRequests.MAX_ATTEMPTS));
    }
    String backoff = retry.backoff() == null ? "PT30S" : retry.backoff();
    Duration base = duration(errors, "retry.backoff", backoff, Duration.ofDays(1));
    double multiplier = retry.multiplier() == null ? 2.0 : retry.multiplier();
    if (multiplier < 1.0 || multiplier > 10.0) {
      errors.add(new FieldError("retry.multiplier", "must be between 1.0 and 10.0"));
    }
    String maxBackoff = retry.maxBackoff() == null ? "PT10M" : retry.maxBackoff();
    Duration cap = duration(errors, "retry.maxBackoff", maxBackoff, Duration.ofDays(1));
    if (base != null && cap != null && cap.compareTo(base) < 0) {
      errors.add(new FieldError("retry.maxBackoff", "must not be shorter than retry.backoff"));
    }
    return new RetrySpec(attempts, backoff, multiplier, maxBackoff);
  }

  static Map<String, String> labels(List<FieldError> errors, Map<String, String> labels) {
    if (labels == null) {
      return Map.of();
    }
    if (labels.size() > JobRequests.MAX_LABELS) {
      errors.add(new FieldError("labels", "at most " + JobRequests.MAX_LABELS + " labels"));
    }
    labels.forEach(
        (key, value) -> {
          if (!JobRequests.LABEL_KEY.matcher(key).matches()) {
            errors.add(new FieldError("labels." + key, "key must be 1-100 of A-Z a-z 0-9 . _ / -"));
          }
          if (value == null || value.length() > JobRequests.MAX_LABEL_VALUE) {
            errors.add(
                new FieldError(
                    "labels." + key, "value must be a string of at most 200 characters"));
          }
        });
    return new java.util.TreeMap<>(labels);
  }

  static HistorySpec history(List<FieldError> errors, HistorySpec history) {
    if (history == null) {
      return null;
    }
    limit(errors, "history.keep", history.keep());
    limit(errors, "history.keepFailed", history.keepFailed());
    return history;
  }

  private static void limit(List<FieldError> errors, String field, Integer value) {
    if (value != null && (value < 1 || value > JobRequests.MAX_HISTORY)) {
      errors.add(new FieldError(field, "must be between 1 and " + JobRequests.MAX_HISTORY));
    }
  }

  static ExpectSpec expect(List<FieldError> errors, ExpectSpec expect) {
    if (expect == null) {
      return null;
    }
    within(errors, "expect.startWithin", expect.startWithin());
    within(errors, "expect.successWithin", expect.successWithin());
    return expect;
  }

  private static void within(List<FieldError> errors, String field, String text) {
    Duration within = duration(errors, field, text, JobRequests.MAX_EXPECT);
    if (within != null
        && !within.isNegative()
        && !within.isZero()
        && within.compareTo(JobRequests.MIN_EXPECT) < 0) {
      errors.add(new FieldError(field, "must be at least " + JobRequests.MIN_EXPECT));
    }
  }
}

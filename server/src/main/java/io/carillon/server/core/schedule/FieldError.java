package io.carillon.server.core.schedule;

import static java.util.Objects.requireNonNull;

/** One rejected input field: its JSON path (e.g. {@code schedule.cron}) and why it was rejected. */
public record FieldError(String field, String message) {
  public FieldError {
    requireNonNull(field, "field");
    requireNonNull(message, "message");
  }
}

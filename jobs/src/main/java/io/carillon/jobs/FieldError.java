package io.carillon.jobs;

import java.util.Objects;

/**
 * One reason a job definition was rejected: the field path as the client sent it (for example
 * {@code params.command} or {@code type}) and a message that completes the sentence "field ...".
 */
public record FieldError(String field, String message) {

  public FieldError {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  /** An error about the parameter called {@code name}. */
  public static FieldError param(String name, String message) {
    return new FieldError("params." + name, message);
  }

  @Override
  public String toString() {
    return field + " " + message;
  }
}

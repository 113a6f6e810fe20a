package io.carillon.server.core.schedule;

import io.carillon.server.core.CarillonException;
import java.util.List;
import java.util.stream.Collectors;

/** A schedule, misfire policy or preview request that cannot be accepted; lists every bad field. */
public class InvalidScheduleException extends CarillonException {
  private static final long serialVersionUID = 1L;

  private final List<FieldError> errors;

  public InvalidScheduleException(List<FieldError> errors) {
    super(describe(errors));
    this.errors = List.copyOf(errors);
  }

  public InvalidScheduleException(String field, String message) {
    this(List.of(new FieldError(field, message)));
  }

  public List<FieldError> errors() {
    return errors;
  }

  private static String describe(List<FieldError> errors) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("an invalid schedule needs at least one error");
    }
    return errors.stream()
        .map(e -> e.field() + ": " + e.message())
        .collect(Collectors.joining("; ", "invalid schedule: ", ""));
  }
}

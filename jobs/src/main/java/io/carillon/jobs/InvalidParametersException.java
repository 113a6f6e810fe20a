package io.carillon.jobs;

import java.util.List;
import java.util.stream.Collectors;

/** A job's type or parameters were rejected; carries every problem found, not only the first. */
public class InvalidParametersException extends JobTypeException {

  private final List<FieldError> errors;

  public InvalidParametersException(List<FieldError> errors) {
    super(summary(errors));
    this.errors = List.copyOf(errors);
  }

  /** The problems, in the order the schema lists the parameters. */
  public List<FieldError> errors() {
    return errors;
  }

  private static String summary(List<FieldError> errors) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("an InvalidParametersException needs at least one error");
    }
    return errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
  }
}

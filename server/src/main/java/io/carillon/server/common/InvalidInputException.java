package io.carillon.server.common;

import java.util.List;

/** A request that cannot be accepted as it is; carries every field that is wrong and why. */
public class InvalidInputException extends CarillonException {
  private static final long serialVersionUID = 1L;

  private final transient List<FieldError> errors;

  public InvalidInputException(List<FieldError> errors) {
    super(summary(errors));
    this.errors = List.copyOf(errors);
  }

  public InvalidInputException(String field, String message) {
    this(List.of(new FieldError(field, message)));
  }

  public List<FieldError> errors() {
    return errors;
  }

  private static String summary(List<FieldError> errors) {
    return errors.size() == 1
        ? errors.get(0).field() + ": " + errors.get(0).message()
        : errors.size() + " fields are invalid";
  }
}

package io.carillon.server.common;

import java.util.List;

/**
 * A request the caller's role does not allow as it stands (403), with the fields that make it so:
 * such as a run-now override of a parameter the caller may not change.
 */
public class ForbiddenException extends CarillonException {
  private static final long serialVersionUID = 1L;

  private final transient List<FieldError> errors;

  public ForbiddenException(List<FieldError> errors) {
    super(
        errors.size() == 1
            ? errors.get(0).field() + ": " + errors.get(0).message()
            : errors.size() + " fields may not be set by this caller");
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }
}

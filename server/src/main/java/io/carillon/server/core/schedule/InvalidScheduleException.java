package io.carillon.server.core.schedule;

import io.carillon.server.common.FieldError;
import io.carillon.server.common.InvalidInputException;
import java.util.List;

/** A schedule, misfire policy or preview request that cannot be accepted; lists every bad field. */
public class InvalidScheduleException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public InvalidScheduleException(List<FieldError> errors) {
    super(errors);
  }

  public InvalidScheduleException(String field, String message) {
    super(field, message);
  }
}

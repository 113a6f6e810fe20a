package io.carillon.server.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** How an upstream run must end for a job that waits on it ({@code after[].on}) to run. */
public enum DependencyOn {
  SUCCESS,
  /** Failed, timed out, interrupted, or cut off by a dead node that nothing recovers. */
  FAILURE,
  /** Any of those. */
  FINISHED;

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static DependencyOn of(String value) {
    return Arrays.stream(values())
        .filter(on -> on.json().equals(value))
        .findFirst()
        .orElseThrow(
            () ->
                new InvalidInputException("after.on", "must be one of success, failure, finished"));
  }

  /** Whether a run that ended in {@code status} (an ended status, not running or recovered). */
  public boolean matches(ExecutionStatus status) {
    return switch (this) {
      case SUCCESS -> status == ExecutionStatus.SUCCEEDED;
      case FAILURE -> status != ExecutionStatus.SUCCEEDED;
      case FINISHED -> true;
    };
  }
}

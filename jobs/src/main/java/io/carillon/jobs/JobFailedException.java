package io.carillon.jobs;

/**
 * A job ran and failed for a reason its type understands (non-zero exit, unexpected HTTP status).
 * Its message is shown to operators as is, so it must not contain secrets.
 */
public class JobFailedException extends JobTypeException {

  public JobFailedException(String message) {
    super(message);
  }

  public JobFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}

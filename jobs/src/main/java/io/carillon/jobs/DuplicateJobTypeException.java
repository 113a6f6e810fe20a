package io.carillon.jobs;

/** Two job types claim the same name; the server refuses to start rather than pick one. */
public class DuplicateJobTypeException extends JobTypeException {

  public DuplicateJobTypeException(String message) {
    super(message);
  }
}

package io.carillon.jobs;

/**
 * Root of every exception the jobs module throws on purpose; unchecked, mapped once by the server.
 */
public class JobTypeException extends RuntimeException {

  public JobTypeException(String message) {
    super(message);
  }

  public JobTypeException(String message, Throwable cause) {
    super(message, cause);
  }
}

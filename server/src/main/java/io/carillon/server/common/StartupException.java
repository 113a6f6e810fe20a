package io.carillon.server.common;

/**
 * A problem an operator can fix before the server can start (bad database URL, port in use, ...).
 * Its message is printed as one line, without a stack trace.
 */
public class StartupException extends CarillonException {
  private static final long serialVersionUID = 1L;

  public StartupException(String message) {
    super(message);
  }

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}

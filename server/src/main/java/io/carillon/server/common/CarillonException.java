package io.carillon.server.common;

/**
 * Root of Carillon's unchecked exception tree; mapped once to an HTTP problem or a one-line CLI
 * error.
 */
public class CarillonException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CarillonException(String message) {
    super(message);
  }

  public CarillonException(String message, Throwable cause) {
    super(message, cause);
  }
}

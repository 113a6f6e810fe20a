package io.carillon.server.common;

/** The thing a request names does not exist. */
public class NotFoundException extends CarillonException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    super(message);
  }
}

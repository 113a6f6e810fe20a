package io.carillon.server.common;

/** A conditional change ({@code If-Match}) named a version that is no longer the stored one. */
public class StaleVersionException extends CarillonException {
  private static final long serialVersionUID = 1L;

  public StaleVersionException(String message) {
    super(message);
  }
}

package io.carillon.server.common;

/** A request body over the configured limit; nothing of it is processed. */
public class PayloadTooLargeException extends CarillonException {
  private static final long serialVersionUID = 1L;

  public PayloadTooLargeException(long limit) {
    super("the request body is larger than the limit of " + limit + " bytes");
  }
}

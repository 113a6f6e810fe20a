package io.carillon.server.common;

/** The request clashes with what is stored, such as creating a job that already exists. */
public class ConflictException extends CarillonException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String message) {
    super(message);
  }
}

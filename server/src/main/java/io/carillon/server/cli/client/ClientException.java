package io.carillon.server.cli.client;

/**
 * Why a command-line client command stopped, as one line for the operator and an exit code for
 * scripts (see {@link ExitCode}). A null message prints nothing: the command already said it all.
 */
public final class ClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public ClientException(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}

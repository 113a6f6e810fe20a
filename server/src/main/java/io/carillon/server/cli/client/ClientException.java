package io.carillon.server.cli.client;

/**
 * Why a command-line client command stopped, as one line for the operator and an exit code for
 * scripts (see {@link ExitCode}). A null message prints nothing: the command already said it all.
 */
public final class ClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;
  private final boolean commandLine;

  public ClientException(int exitCode, String message) {
    this(exitCode, message, false);
  }

  private ClientException(int exitCode, String message, boolean commandLine) {
    super(message, null, false, false);
    this.exitCode = exitCode;
    this.commandLine = commandLine;
  }

  /**
   * A command line that parsed but says something the client refuses before asking the server (a
   * bad instant, a limit below 1): exit 2, and the line points at the command's {@code --help}.
   */
  public static ClientException commandLine(String message) {
    return new ClientException(ExitCode.USAGE, message, true);
  }

  public int exitCode() {
    return exitCode;
  }

  /** Whether this is a mistake in the command line itself (see {@link #commandLine}). */
  public boolean isCommandLine() {
    return commandLine;
  }
}

package io.carillon.server.cli.client;

import java.util.Locale;

/** The client's exit codes, one per kind of outcome, so that a shell script can tell them apart. */
public final class ExitCode {
  /** Done as asked; with {@code --wait}, the run SUCCEEDED. */
  public static final int OK = 0;

  /** The run ended otherwise than SUCCEEDED, or {@code check} found a problem. */
  public static final int FAILED = 1;

  /** A bad command line or file, or input the server refused (400, 413, 422). */
  public static final int USAGE = 2;

  /** The job or run does not exist (404). */
  public static final int NOT_FOUND = 3;

  /** No key, a wrong key (401), or a role that may not do this (403). */
  public static final int DENIED = 4;

  /** A conflict (409) or a stale If-Match (412). */
  public static final int CONFLICT = 5;

  /** The server cannot be reached, or answered with an error of its own (429, 5xx). */
  public static final int UNAVAILABLE = 6;

  /** {@code --wait --timeout} gave up while the run was still going. */
  public static final int STILL_RUNNING = 7;

  private ExitCode() {}

  /** The exit code a finished run's status maps to: 0 only for SUCCEEDED. */
  public static int ofRun(String status) {
    return "SUCCEEDED".equals(status == null ? null : status.toUpperCase(Locale.ROOT))
        ? OK
        : FAILED;
  }
}

package io.carillon.server.quartz;

import io.carillon.jobs.JobFailedException;
import io.carillon.server.common.ExecutionStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

/**
 * The error recorded with a run: a line saying what happened, then the stack trace of a Java
 * failure. A job type's own refusal ({@link JobFailedException}: an exit status, an HTTP status)
 * starts with its message alone, the reason in words, and keeps the stack trace after it.
 */
final class ErrorText {
  /** A stack trace says why; past this much it only repeats frames. */
  static final int MAX_CHARS = 16 * 1024;

  private ErrorText() {}

  static String of(ExecutionStatus status, Throwable cause, Duration timeout) {
    String headline =
        switch (status) {
          case TIMED_OUT -> "timed out after " + timeout;
          case INTERRUPTED -> "interrupted";
          default -> null;
        };
    if (cause == null) {
      return headline;
    }
    StringWriter trace = new StringWriter();
    if (cause instanceof JobFailedException failed) {
      // The reason first, as the job type wrote it: the job's lastError is this line.
      trace.append(failed.getMessage()).append('\n');
    }
    cause.printStackTrace(new PrintWriter(trace));
    String text = headline == null ? trace.toString() : headline + "\n" + trace;
    return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS) + "\n[... truncated]";
  }
}

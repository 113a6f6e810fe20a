package io.carillon.jobs.shell;

import io.carillon.jobs.JobContext;
import io.carillon.jobs.JobFailedException;
import io.carillon.jobs.OutputSink;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A started command: pumps its output into the sink and waits for it, killing it when told to. */
final class RunningCommand {

  /** A background process left behind may keep the pipe open; stop reading after this. */
  private static final long DRAIN_MILLIS = 2_000;

  private final Process process;
  private final Thread pump;
  private final OutputTail tail = new OutputTail();

  RunningCommand(Process process, OutputSink output) throws IOException {
    this.process = process;
    process.getOutputStream().close(); // the command gets no input
    this.pump = new Thread(() -> copy(process, output, tail), "shell-output-" + process.pid());
    pump.setDaemon(true);
    pump.start();
  }

  void await(Duration timeout, JobContext context) throws InterruptedException {
    boolean finished;
    try {
      if (timeout == null) {
        process.waitFor();
        finished = true;
      } else {
        finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      ProcessTree.kill(process.toHandle());
      drain();
      context.output().line("[carillon] interrupted: command and its child processes killed");
      throw e;
    }
    if (!finished) {
      ProcessTree.kill(process.toHandle());
      drain();
      context
          .output()
          .line(
              "[carillon] timed out after " + timeout + ": command and its child processes killed");
      throw new JobFailedException("command timed out after " + timeout);
    }
    drain();
    int exitCode = process.exitValue();
    context.result(Map.of("exitCode", exitCode));
    if (exitCode != 0) {
      // The reason in one line: the status and what the command said last (its stderr, mostly).
      String last = tail.text();
      throw new JobFailedException(
          "command exited with status " + exitCode + (last.isEmpty() ? "" : ": " + last));
    }
  }

  private void drain() throws InterruptedException {
    pump.join(DRAIN_MILLIS);
    if (pump.isAlive()) {
      try {
        process.getInputStream().close();
      } catch (IOException e) {
        // Closing is only to unblock the pump; nothing more to do if it fails.
      }
      pump.join(DRAIN_MILLIS);
    }
  }

  private static void copy(Process process, OutputSink output, OutputTail tail) {
    char[] buffer = new char[8192];
    try (Reader reader = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
      int read;
      while ((read = reader.read(buffer)) != -1) {
        String text = new String(buffer, 0, read);
        output.write(text);
        tail.add(text);
      }
    } catch (IOException e) {
      // The stream is closed when the process is killed or the drain gives up: output ends here.
    }
  }
}

package io.carillon.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carillon.server.cli.client.ClientException;
import io.carillon.server.cli.client.ExitCode;
import io.carillon.server.cli.client.Printer;
import io.carillon.server.cli.client.RemoteApi;
import io.carillon.server.cli.client.Table;
import java.time.Duration;
import java.time.Instant;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * Starts a run and, when asked, waits for it: polls the execution until it has finished, streams
 * its output as it grows, and ends with the exit code of its status.
 */
final class RunWaiter {
  private static final Duration FIRST_POLL = Duration.ofMillis(100);
  private static final Duration MAX_POLL = Duration.ofSeconds(1);

  private final RemoteApi api;
  private final Printer out;

  RunWaiter(RemoteApi api, Printer out) {
    this.api = api;
    this.out = out;
  }

  void run(String jobPath, ObjectNode params, Namespace namespace) {
    checkWaitOptions(namespace);
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    if (!params.isEmpty()) {
      body.set("params", params);
    }
    accepted(api.post(jobPath + "/run", body).json(), namespace);
  }

  /** {@code --wait} and {@code --timeout}: whether and how long to wait for the run. */
  static void waitOptions(Subparser parser) {
    parser
        .addArgument("--wait")
        .action(Arguments.storeTrue())
        .help("wait for the run, print its output and exit with its status (0: SUCCEEDED)");
    parser
        .addArgument("--timeout")
        .type(Integer.class)
        .metavar("SECONDS")
        .help("with --wait: give up after this long (exit 7); default: wait as long as it runs");
  }

  /** Refuses a bad --timeout before anything is started. */
  static void checkWaitOptions(Namespace namespace) {
    Integer timeout = namespace.getInt("timeout");
    if (timeout != null && timeout < 1) {
      throw ClientException.commandLine("--timeout must be at least 1 second");
    }
  }

  /**
   * Prints the execution id of a run the server accepted ({@code {executionId}}) or, with {@code
   * --wait}, follows it to its end.
   */
  void accepted(JsonNode accepted, Namespace namespace) {
    String id = accepted.path("executionId").asText();
    if (!Boolean.TRUE.equals(namespace.getBoolean("wait"))) {
      out.print(accepted, () -> new Table("EXECUTION").row(id));
      return;
    }
    Integer timeout = namespace.getInt("timeout");
    Instant deadline = timeout == null ? null : Instant.now().plusSeconds(timeout);
    // People see the output as it comes; scripts get the finished execution with its output.
    JsonNode finished = follow(id, out.format() == Printer.Format.TABLE, deadline);
    finish(finished);
  }

  /**
   * Waits until execution {@code id} has finished, printing its output as it grows when {@code
   * stream}; returns the finished execution. Gives up at {@code deadline} (null: never).
   */
  JsonNode follow(String id, boolean stream, Instant deadline) {
    String path = "/v1/executions/" + RemoteApi.segment(id);
    Duration pause = FIRST_POLL;
    int printed = 0;
    while (true) {
      JsonNode execution = execution(path);
      boolean done = execution != null && !"RUNNING".equals(execution.path("status").asText());
      if (stream && execution != null) {
        printed = printNew(api.getText(path + "/output"), printed);
      }
      if (done) {
        return execution;
      }
      if (deadline != null && Instant.now().isAfter(deadline)) {
        throw new ClientException(
            ExitCode.STILL_RUNNING,
            "execution "
                + id
                + " is still running; follow it with: carillon runs output --follow "
                + id);
      }
      sleep(pause);
      pause = pause.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : pause.multipliedBy(2);
    }
  }

  /** Prints the run's end and exits with its status: output and summary, or the JSON. */
  void finish(JsonNode execution) {
    String status = execution.path("status").asText();
    if (out.format() == Printer.Format.TABLE) {
      StringBuilder line = new StringBuilder("execution ").append(execution.path("id").asText());
      line.append(' ').append(status);
      if (execution.hasNonNull("durationMs")) {
        line.append(" in ").append(execution.path("durationMs").asLong()).append(" ms");
      }
      if (execution.hasNonNull("error")) {
        line.append(": ").append(execution.path("error").asText().lines().findFirst().orElse(""));
      }
      System.err.println(line);
      System.err.flush();
    } else {
      ObjectNode withOutput = ((ObjectNode) execution).deepCopy();
      withOutput.put(
          "output",
          api.getText(
              "/v1/executions/" + RemoteApi.segment(withOutput.path("id").asText()) + "/output"));
      out.data(withOutput);
    }
    int code = ExitCode.ofRun(status);
    if (code != ExitCode.OK) {
      throw new ClientException(code, null);
    }
  }

  /** The execution, or null while it is not recorded yet (the run has not started). */
  private JsonNode execution(String path) {
    try {
      return api.get(path);
    } catch (ClientException e) {
      if (e.exitCode() == ExitCode.NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }

  /** Prints what the output gained since {@code printed} characters; returns the new count. */
  private int printNew(String output, int printed) {
    if (output.length() > printed) {
      out.out().print(output.substring(printed));
      out.out().flush();
      return output.length();
    }
    return printed;
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException(ExitCode.UNAVAILABLE, "interrupted");
    }
  }
}

package io.carillon.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.cli.client.ClientException;
import io.carillon.server.cli.client.ExitCode;
import io.carillon.server.cli.client.Printer;
import io.carillon.server.cli.client.RemoteApi;
import java.time.Clock;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import net.sourceforge.argparse4j.inf.Subparsers;

/** {@code cluster pause|resume}: every trigger of the cluster (maintenance), as an admin. */
final class ClusterCommand extends ClientCommand {
  private static final String ACTION = "action";

  ClusterCommand() {
    super("cluster", "Pauses or resumes every trigger of the cluster");
  }

  @Override
  public void configure(Subparser subparser) {
    Subparsers actions = subparser.addSubparsers().dest(ACTION).title("actions");
    Subparser pause = actions.addParser("pause").help("pause every trigger (admin)");
    PauseOptions.addTo(pause);
    connectionOptions(pause);
    connectionOptions(actions.addParser("resume").help("resume the cluster (admin)"));
  }

  @Override
  void run(Namespace namespace, RemoteApi api, Printer out) {
    JsonNode change =
        switch (namespace.getString(ACTION)) {
          case "pause" ->
              api.post("/v1/scheduler/pause-all", PauseOptions.body(namespace, Clock.systemUTC()))
                  .json();
          case "resume" -> api.post("/v1/scheduler/resume-all", null).json();
          default -> throw new ClientException(ExitCode.USAGE, "unknown action");
        };
    if (out.format() != Printer.Format.TABLE) {
      out.data(change);
      return;
    }
    out.note("cluster: " + StatusCommand.paused(change.path("pause")));
  }
}

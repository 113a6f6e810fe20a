package io.carillon.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.cli.client.ClientException;
import io.carillon.server.cli.client.ExitCode;
import io.carillon.server.cli.client.Printer;
import io.carillon.server.cli.client.RemoteApi;
import io.carillon.server.cli.client.Table;
import java.time.Clock;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import net.sourceforge.argparse4j.inf.Subparsers;

/** {@code groups pause|resume GROUP}: every job of a group at once. */
final class GroupsCommand extends ClientCommand {
  private static final String ACTION = "action";

  GroupsCommand() {
    super("groups", "Pauses or resumes every job of a group");
  }

  @Override
  public void configure(Subparser subparser) {
    Subparsers actions = subparser.addSubparsers().dest(ACTION).title("actions");
    Subparser pause = actions.addParser("pause").help("pause every job of the group");
    pause.addArgument("group").help("the group");
    PauseOptions.addTo(pause);
    connectionOptions(pause);
    Subparser resume = actions.addParser("resume").help("resume every job of the group");
    resume.addArgument("group").help("the group");
    connectionOptions(resume);
  }

  @Override
  void run(Namespace namespace, RemoteApi api, Printer out) {
    String action = namespace.getString(ACTION);
    if (!action.equals("pause") && !action.equals("resume")) {
      throw new ClientException(ExitCode.USAGE, "unknown action");
    }
    String group = namespace.getString("group");
    if (group.isBlank() || group.contains("/")) {
      throw ClientException.commandLine("a group is a name without '/', not '" + group + "'");
    }
    JsonNode body = action.equals("pause") ? PauseOptions.body(namespace, Clock.systemUTC()) : null;
    JsonNode change =
        api.post("/v1/groups/" + RemoteApi.segment(group) + "/" + action, body).json();
    out.print(
        change,
        () ->
            new Table("GROUP", "JOBS", "STATE", "REASON", "UNTIL")
                .row(
                    change.path("group"),
                    change.path("jobs"),
                    change.path("state"),
                    change.path("pause").path("reason"),
                    change.path("pause").path("until")));
  }
}

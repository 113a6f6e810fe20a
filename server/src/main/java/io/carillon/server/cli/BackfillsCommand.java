package io.carillon.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carillon.server.cli.client.ClientException;
import io.carillon.server.cli.client.ExitCode;
import io.carillon.server.cli.client.Printer;
import io.carillon.server.cli.client.RemoteApi;
import io.carillon.server.cli.client.Table;
import java.util.List;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import net.sourceforge.argparse4j.inf.Subparsers;

/**
 * {@code backfills list JOB|get ID|cancel ID}: a job's backfills; {@code jobs backfill} starts one
 * (its options and call are here, so both commands print a backfill the same way).
 */
final class BackfillsCommand extends ClientCommand {
  private static final String ACTION = "action";
  private static final String JOB = "GROUP/NAME, or NAME in the default group";

  BackfillsCommand() {
    super("backfills", "Lists a job's backfills, shows one, or cancels one");
  }

  @Override
  public void configure(Subparser subparser) {
    Subparsers actions = subparser.addSubparsers().dest(ACTION).title("actions");
    Subparser list = actions.addParser("list").help("a job's latest backfills");
    list.addArgument("job").help(JOB);
    connectionOptions(list);
    for (String action : List.of("get", "cancel")) {
      Subparser parser =
          actions
              .addParser(action)
              .help(action.equals("get") ? "show one backfill" : "start no further fire time");
      parser.addArgument("id").help("the backfill's id");
      connectionOptions(parser);
    }
  }

  /** {@code jobs backfill JOB --from INSTANT --to INSTANT [--max-runs N]}. */
  static void startOptions(Subparsers actions) {
    Subparser backfill =
        actions
            .addParser("backfill")
            .help("run the fire times the job's schedule had in a range, oldest first");
    backfill.addArgument("job").help(JOB);
    backfill
        .addArgument("--from")
        .required(true)
        .metavar("INSTANT")
        .help("the range's start, included (2026-11-28T00:00:00Z)");
    backfill
        .addArgument("--to")
        .required(true)
        .metavar("INSTANT")
        .help("the range's end, included; not in the future");
    backfill
        .addArgument("--max-runs")
        .type(Integer.class)
        .metavar("N")
        .help("refuse a range with more fire times than this (default 100, at most 1000)");
    connectionOptions(backfill);
  }

  static void start(String jobPath, Namespace namespace, RemoteApi api, Printer out) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("from", PauseOptions.instant(namespace, "from"));
    body.put("to", PauseOptions.instant(namespace, "to"));
    Integer maxRuns = namespace.getInt("max_runs");
    if (maxRuns != null) {
      if (maxRuns < 1) {
        throw ClientException.commandLine("--max-runs must be at least 1");
      }
      body.put("maxRuns", maxRuns);
    }
    JsonNode backfill = api.post(jobPath + "/backfill", body).json();
    out.print(backfill, () -> listing(List.of(backfill)));
  }

  @Override
  void run(Namespace namespace, RemoteApi api, Printer out) {
    switch (namespace.getString(ACTION)) {
      case "list" -> {
        JsonNode backfills = api.get(jobPath(namespace.getString("job")) + "/backfills");
        out.print(backfills, () -> listing(backfills));
      }
      case "get" -> {
        JsonNode backfill = api.get(path(namespace));
        out.print(backfill, () -> listing(List.of(backfill)));
      }
      case "cancel" -> {
        JsonNode backfill = api.post(path(namespace) + "/cancel", null).json();
        out.print(backfill, () -> listing(List.of(backfill)));
      }
      default -> throw new ClientException(ExitCode.USAGE, "unknown action");
    }
  }

  private static String path(Namespace namespace) {
    return "/v1/backfills/" + RemoteApi.segment(namespace.getString("id"));
  }

  private static Table listing(Iterable<JsonNode> backfills) {
    Table table = new Table("ID", "JOB", "STATUS", "STARTED", "FROM", "TO", "CURRENT RUN");
    for (JsonNode backfill : backfills) {
      table.row(
          backfill.path("id"),
          backfill.path("group").asText() + "/" + backfill.path("name").asText(),
          backfill.path("status"),
          backfill.path("started").asInt() + "/" + backfill.path("total").asInt(),
          backfill.path("from"),
          backfill.path("to"),
          backfill.path("currentExecutionId"));
    }
    return table;
  }
}

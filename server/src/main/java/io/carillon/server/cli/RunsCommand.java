package io.carillon.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.carillon.server.cli.client.ClientException;
import io.carillon.server.cli.client.ExitCode;
import io.carillon.server.cli.client.Printer;
import io.carillon.server.cli.client.RemoteApi;
import io.carillon.server.cli.client.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import net.sourceforge.argparse4j.inf.Subparsers;

/** {@code runs list|get|output|rerun}: the executions of a running server. */
final class RunsCommand extends ClientCommand {
  private static final String ACTION = "action";

  RunsCommand() {
    super("runs", "Lists runs (executions), shows one, prints its output, or reruns it");
  }

  @Override
  public void configure(Subparser subparser) {
    Subparsers actions = subparser.addSubparsers().dest(ACTION).title("actions");
    Subparser list = actions.addParser("list").help("list runs, newest first");
    list.addArgument("--job")
        .help("only this job's runs: GROUP/NAME, or NAME in the default group");
    list.addArgument("--group").help("only runs of this group's jobs");
    list.addArgument("--status").help("RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ...");
    list.addArgument("--since").help("only runs scheduled since this ISO-8601 instant");
    list.addArgument("--limit").type(Integer.class).setDefault(20).help("at most this many (20)");
    connectionOptions(list);

    Subparser get = actions.addParser("get").help("show one run");
    get.addArgument("id").help("the execution id");
    connectionOptions(get);

    Subparser output = actions.addParser("output").help("print a run's captured output");
    output.addArgument("id").help("the execution id");
    output
        .addArgument("-f", "--follow")
        .action(Arguments.storeTrue())
        .help("keep printing as the output grows until the run ends; exit with its status");
    connectionOptions(output);

    Subparser rerun = actions.addParser("rerun").help("run a finished run again, linked to it");
    rerun.addArgument("id").help("the execution id");
    RunWaiter.waitOptions(rerun);
    connectionOptions(rerun);
  }

  @Override
  void run(Namespace namespace, RemoteApi api, Printer out) {
    switch (namespace.getString(ACTION)) {
      case "list" -> list(namespace, api, out);
      case "get" -> {
        JsonNode run = api.get(path(namespace));
        out.print(run, () -> listing(java.util.List.of(run)));
      }
      case "output" -> {
        if (Boolean.TRUE.equals(namespace.getBoolean("follow"))) {
          RunWaiter waiter = new RunWaiter(api, new Printer(Printer.Format.TABLE, out.out()));
          JsonNode finished = waiter.follow(namespace.getString("id"), true, null);
          int code = ExitCode.ofRun(finished.path("status").asText());
          if (code != ExitCode.OK) {
            throw new ClientException(code, null);
          }
        } else {
          out.out().print(api.getText(path(namespace) + "/output"));
          out.out().flush();
        }
      }
      case "rerun" -> {
        RunWaiter.checkWaitOptions(namespace);
        JsonNode accepted = api.post(path(namespace) + "/rerun", null).json();
        new RunWaiter(api, out).accepted(accepted, namespace);
      }
      default -> throw new ClientException(ExitCode.USAGE, "unknown action");
    }
  }

  private static String path(Namespace namespace) {
    return "/v1/executions/" + RemoteApi.segment(namespace.getString("id"));
  }

  private static void list(Namespace namespace, RemoteApi api, Printer out) {
    int limit = namespace.getInt("limit");
    if (limit < 1) {
      throw ClientException.commandLine("--limit must be at least 1");
    }
    Map<String, Object> query = new LinkedHashMap<>();
    String job = namespace.getString("job");
    String path = job == null ? "/v1/executions" : jobPath(job) + "/executions";
    if (job == null) {
      query.put("group", namespace.getString("group"));
      query.put("status", namespace.getString("status"));
      query.put("since", namespace.getString("since"));
    } else if (namespace.getString("group") != null
        || namespace.getString("status") != null
        || namespace.getString("since") != null) {
      throw new ClientException(
          ExitCode.USAGE, "--job lists one job's runs; it cannot be combined with other filters");
    }
    ArrayNode items = JobsCommand.pages(api, path, query, limit);
    out.print(items, () -> listing(items));
  }

  private static Table listing(Iterable<JsonNode> runs) {
    Table table = new Table("ID", "JOB", "STATUS", "TRIGGER", "ATTEMPT", "STARTED", "MS", "ERROR");
    for (JsonNode run : runs) {
      table.row(
          run.path("id"),
          run.path("group").asText() + "/" + run.path("name").asText(),
          run.path("status"),
          run.path("trigger"),
          run.path("attempt"),
          run.path("startedAt"),
          run.path("durationMs"),
          run.path("error").asText("").lines().findFirst().orElse(""));
    }
    return table;
  }
}

package io.carillon.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carillon.server.cli.client.ClientException;
import io.carillon.server.cli.client.ExitCode;
import io.carillon.server.cli.client.Printer;
import io.carillon.server.cli.client.RemoteApi;
import io.carillon.server.cli.client.Table;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import net.sourceforge.argparse4j.inf.Subparsers;

/** {@code jobs list|get|run|pause|resume|backfill|delete}: the jobs of a running server. */
final class JobsCommand extends ClientCommand {
  private static final String ACTION = "action";

  JobsCommand() {
    super(
        "jobs",
        "Lists, shows, runs, pauses, resumes, backfills or deletes jobs on a running server");
  }

  @Override
  public void configure(Subparser subparser) {
    Subparsers actions = subparser.addSubparsers().dest(ACTION).title("actions");
    Subparser list = actions.addParser("list").help("list jobs (every page)");
    list.addArgument("--group").help("only this group");
    list.addArgument("--type").help("only this job type");
    list.addArgument("--state").help("scheduled, paused, running, blocked, completed or error");
    list.addArgument("--label").action(Arguments.append()).help("KEY:VALUE; may repeat");
    list.addArgument("-q", "--query").dest("q").help("text in the name or description");
    list.addArgument("--calendar").help("only jobs that name this calendar");
    list.addArgument("--late")
        .action(Arguments.storeTrue())
        .help(
            "only jobs that are late now (a fire time passed without a start, or no recent success)");
    list.addArgument("--limit").type(Integer.class).help("at most this many jobs");
    connectionOptions(list);

    Subparser get = actions.addParser("get").help("show one job");
    get.addArgument("job").help("GROUP/NAME, or NAME in the default group");
    connectionOptions(get);

    Subparser run = actions.addParser("run").help("run a job now");
    run.addArgument("job").help("GROUP/NAME, or NAME in the default group");
    run.addArgument("--param")
        .action(Arguments.append())
        .metavar("NAME=VALUE")
        .help(
            "override a parameter for this run; VALUE is JSON if it parses (3, true, [\"a\"]),"
                + " text otherwise; may repeat");
    RunWaiter.waitOptions(run);
    connectionOptions(run);

    Subparser pause = actions.addParser("pause").help("pause a job");
    pause.addArgument("job").help("GROUP/NAME, or NAME in the default group");
    PauseOptions.addTo(pause);
    connectionOptions(pause);
    Subparser resume = actions.addParser("resume").help("resume a job");
    resume.addArgument("job").help("GROUP/NAME, or NAME in the default group");
    connectionOptions(resume);

    BackfillsCommand.startOptions(actions);
    Subparser delete = actions.addParser("delete").help("delete a job");
    delete.addArgument("job").help("GROUP/NAME, or NAME in the default group");
    delete
        .addArgument("--interrupt")
        .action(Arguments.storeTrue())
        .help("stop its running executions first (otherwise a running job is refused)");
    delete.addArgument("--if-match").metavar("VERSION").help("delete only this version");
    connectionOptions(delete);
  }

  @Override
  void run(Namespace namespace, RemoteApi api, Printer out) {
    String job = namespace.getString("job");
    switch (namespace.getString(ACTION)) {
      case "list" -> list(namespace, api, out);
      case "get" -> {
        JsonNode view = api.get(jobPath(job));
        out.print(view, () -> details(view));
      }
      case "run" -> new RunWaiter(api, out).run(jobPath(job), params(namespace), namespace);
      case "pause" -> {
        JsonNode body = PauseOptions.body(namespace, Clock.systemUTC());
        JsonNode view = api.post(jobPath(job) + "/pause", body).json();
        out.print(view, () -> listing(List.of(view)));
      }
      case "resume" -> {
        JsonNode view = api.post(jobPath(job) + "/resume", null).json();
        out.print(view, () -> listing(List.of(view)));
      }
      case "backfill" -> BackfillsCommand.start(jobPath(job), namespace, api, out);
      case "delete" -> {
        String version = namespace.getString("if_match");
        String path = jobPath(job) + (namespace.getBoolean("interrupt") ? "?interrupt=true" : "");
        if (version == null) {
          api.delete(path);
        } else {
          api.delete(path, "If-Match", "\"" + version + "\"");
        }
        out.note("deleted " + job);
      }
      default -> throw new ClientException(ExitCode.USAGE, "unknown action");
    }
  }

  private static void list(Namespace namespace, RemoteApi api, Printer out) {
    Integer limit = namespace.getInt("limit");
    if (limit != null && limit < 1) {
      throw ClientException.commandLine("--limit must be at least 1");
    }
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("group", namespace.getString("group"));
    query.put("type", namespace.getString("type"));
    query.put("state", namespace.getString("state"));
    query.put("label", namespace.getList("label"));
    query.put("q", namespace.getString("q"));
    query.put("calendar", namespace.getString("calendar"));
    query.put("late", Boolean.TRUE.equals(namespace.getBoolean("late")) ? "true" : null);
    ArrayNode items = pages(api, "/v1/jobs", query, limit);
    out.print(items, () -> listing(items));
  }

  /** Every page of a listing, up to {@code limit} items (null: all). */
  static ArrayNode pages(RemoteApi api, String path, Map<String, Object> query, Integer limit) {
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    String cursor = null;
    do {
      Map<String, Object> page = new LinkedHashMap<>(query);
      page.put("limit", limit == null ? 500 : Math.min(500, limit - items.size()));
      page.put("cursor", cursor);
      JsonNode reply = api.get(RemoteApi.query(path, page));
      reply.path("items").forEach(items::add);
      cursor = reply.path("nextCursor").isTextual() ? reply.path("nextCursor").asText() : null;
    } while (cursor != null && (limit == null || items.size() < limit));
    return items;
  }

  static Table listing(Iterable<JsonNode> jobs) {
    Table table = new Table("JOB", "TYPE", "STATE", "SCHEDULE", "NEXT", "LAST", "LAST ERROR");
    for (JsonNode job : jobs) {
      table.row(
          job.path("group").asText() + "/" + job.path("name").asText(),
          job.path("type"),
          state(job),
          schedule(job.path("schedule")),
          job.path("nextFireAt"),
          job.path("lastExecution").path("status"),
          job.path("lastError"));
    }
    return table;
  }

  /** The job's state with what qualifies it: "paused (db upgrade) until ...", "scheduled, late". */
  static String state(JsonNode job) {
    StringBuilder text = new StringBuilder(job.path("state").asText("-"));
    JsonNode pause = job.path("pause");
    if (pause.isObject()) {
      if (pause.hasNonNull("reason")) {
        text.append(" (").append(pause.path("reason").asText()).append(')');
      }
      if (!"job".equals(pause.path("scope").asText())) {
        text.append(" by its ").append(pause.path("scope").asText());
      }
      if (pause.hasNonNull("until")) {
        text.append(" until ").append(pause.path("until").asText());
      }
    }
    if (job.path("late").asBoolean()) {
      text.append(", late");
    }
    return text.toString();
  }

  private static Table details(JsonNode job) {
    Table table = new Table("FIELD", "VALUE");
    for (var field : job.properties()) {
      JsonNode value = field.getValue();
      boolean chain = field.getKey().equals("after") || field.getKey().equals("downstream");
      table.row(
          field.getKey(),
          chain ? chain(value) : value.isValueNode() ? value.asText() : value.toString());
    }
    return table;
  }

  /**
   * A job's chain (after, downstream) in words: "etl/extract (on success), etl/audit (on failure)".
   */
  static String chain(JsonNode links) {
    List<String> words = new java.util.ArrayList<>();
    links.forEach(
        link -> words.add(link.path("job").asText() + " (on " + link.path("on").asText() + ")"));
    return words.isEmpty() ? "none" : String.join(", ", words);
  }

  /** A schedule in a few words: the cron and its zone, the interval, or the one time. */
  static String schedule(JsonNode schedule) {
    if (schedule.isMissingNode() || schedule.isNull()) {
      return "on demand";
    }
    if (schedule.has("cron")) {
      return schedule.path("cron").asText() + " " + schedule.path("timeZone").asText("");
    }
    if (schedule.has("every")) {
      return "every " + schedule.path("every").asText();
    }
    return "at " + schedule.path("at").asText();
  }

  private static ObjectNode params(Namespace namespace) {
    ObjectNode params = JsonNodeFactory.instance.objectNode();
    List<String> given = namespace.getList("param");
    for (String pair : given == null ? List.<String>of() : given) {
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        throw ClientException.commandLine("--param takes NAME=VALUE, not '" + pair + "'");
      }
      params.set(pair.substring(0, equals), value(pair.substring(equals + 1)));
    }
    return params;
  }

  /** JSON when the text is JSON ({@code 3}, {@code true}, {@code ["a"]}), the text otherwise. */
  private static JsonNode value(String text) {
    try {
      JsonNode parsed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
      if (parsed != null && !parsed.isMissingNode()) {
        return parsed;
      }
    } catch (java.io.IOException e) {
      // not JSON: the text itself
    }
    return JsonNodeFactory.instance.textNode(text);
  }
}

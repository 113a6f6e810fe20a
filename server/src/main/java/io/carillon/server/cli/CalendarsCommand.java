package io.carillon.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.cli.client.ClientException;
import io.carillon.server.cli.client.ExitCode;
import io.carillon.server.cli.client.Printer;
import io.carillon.server.cli.client.RemoteApi;
import io.carillon.server.cli.client.Table;
import java.util.ArrayList;
import java.util.List;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import net.sourceforge.argparse4j.inf.Subparsers;

/** {@code calendars list|get|put|delete}: the calendars jobs name in {@code calendar}. */
final class CalendarsCommand extends ClientCommand {
  private static final String ACTION = "action";

  CalendarsCommand() {
    super("calendars", "Lists, shows, creates, replaces or deletes calendars");
  }

  @Override
  public void configure(Subparser subparser) {
    Subparsers actions = subparser.addSubparsers().dest(ACTION).title("actions");
    connectionOptions(actions.addParser("list").help("every calendar"));
    Subparser get = actions.addParser("get").help("one calendar, and the jobs that name it");
    get.addArgument("name").help("the calendar");
    connectionOptions(get);
    Subparser put = actions.addParser("put").help("create or replace a calendar (admin)");
    put.addArgument("name").help("the calendar");
    put.addArgument("-f", "--file")
        .required(true)
        .help(
            "YAML or JSON: {timeZone, description, excludeDates, excludeAnnual, excludeDaily,"
                + " excludeCron}, as 'calendars get -o yaml' prints it (or its calendar); - for"
                + " stdin");
    connectionOptions(put);
    Subparser delete = actions.addParser("delete").help("delete a calendar no job names (admin)");
    delete.addArgument("name").help("the calendar");
    connectionOptions(delete);
  }

  @Override
  void run(Namespace namespace, RemoteApi api, Printer out) {
    switch (namespace.getString(ACTION)) {
      case "list" -> {
        JsonNode calendars = api.get("/v1/calendars");
        out.print(calendars, () -> listing(calendars));
      }
      case "get" -> {
        JsonNode calendar = api.get(path(namespace));
        out.print(calendar, () -> details(calendar));
      }
      case "put" -> {
        JsonNode document = InputFile.read(namespace.getString("file"));
        // What get prints, {name, calendar: {...}}, goes back as it is.
        JsonNode spec = document.has("calendar") ? document.get("calendar") : document;
        if (!spec.isObject()) {
          throw new ClientException(
              ExitCode.USAGE,
              namespace.getString("file") + " holds no calendar: expected {timeZone, ...}");
        }
        JsonNode calendar =
            api.call("PUT", path(namespace), "application/json", spec.toString()).json();
        out.print(calendar, () -> listing(List.of(calendar)));
      }
      case "delete" -> {
        api.delete(path(namespace));
        out.note("deleted calendar " + namespace.getString("name"));
      }
      default -> throw new ClientException(ExitCode.USAGE, "unknown action");
    }
  }

  private static String path(Namespace namespace) {
    return "/v1/calendars/" + RemoteApi.segment(namespace.getString("name"));
  }

  /** One calendar, every part, and the jobs that name it. */
  private static Table details(JsonNode view) {
    JsonNode calendar = view.path("calendar");
    Table table = new Table("FIELD", "VALUE");
    table.row("name", view.path("name"));
    for (var field : calendar.properties()) {
      JsonNode value = field.getValue();
      table.row(field.getKey(), value.isValueNode() ? value.asText() : value.toString());
    }
    List<String> jobs = new ArrayList<>();
    view.path("jobs").forEach(job -> jobs.add(job.asText()));
    table.row("jobs", jobs.isEmpty() ? "none" : String.join(", ", jobs));
    return table;
  }

  private static Table listing(Iterable<JsonNode> calendars) {
    Table table = new Table("CALENDAR", "TIME ZONE", "EXCLUDES", "DESCRIPTION");
    for (JsonNode view : calendars) {
      JsonNode calendar = view.path("calendar");
      table.row(
          view.path("name"),
          calendar.path("timeZone").asText("UTC"),
          excludes(calendar),
          calendar.path("description"));
    }
    return table;
  }

  /** What a calendar excludes, in a few words: "2 dates, 3 annual days, 1 daily window, cron". */
  private static String excludes(JsonNode calendar) {
    List<String> parts = new ArrayList<>();
    count(parts, calendar.path("excludeDates").size(), "date");
    count(parts, calendar.path("excludeAnnual").size(), "annual day");
    count(parts, calendar.path("excludeDaily").size(), "daily window");
    if (calendar.hasNonNull("excludeCron")) {
      parts.add("cron " + calendar.path("excludeCron").asText());
    }
    return parts.isEmpty() ? "nothing" : String.join(", ", parts);
  }

  private static void count(List<String> parts, int count, String what) {
    if (count > 0) {
      parts.add(count + " " + what + (count == 1 ? "" : "s"));
    }
  }
}

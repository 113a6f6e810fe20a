package io.carillon.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carillon.server.cli.client.Printer;
import io.carillon.server.cli.client.RemoteApi;
import io.carillon.server.cli.client.Table;
import java.io.PrintStream;
import java.util.Map;
import java.util.Set;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * {@code status}: the cluster at a glance: its nodes, whether it is paused, the canary's age, and
 * the jobs whose last run failed.
 */
final class StatusCommand extends ClientCommand {
  private static final Set<String> FAILED = Set.of("FAILED", "TIMED_OUT", "INTERRUPTED");

  StatusCommand() {
    super("status", "Shows the cluster: nodes, paused or not, canary age, jobs failing");
  }

  /** "running", or the pause-all in force: why, by whom, until when. */
  static String paused(JsonNode pause) {
    if (!pause.isObject()) {
      return "running";
    }
    StringBuilder text = new StringBuilder("PAUSED");
    if (pause.hasNonNull("reason")) {
      text.append(" (").append(pause.path("reason").asText()).append(')');
    }
    if (pause.hasNonNull("by")) {
      text.append(" by ").append(pause.path("by").asText());
    }
    text.append(
        pause.hasNonNull("until")
            ? " until " + pause.path("until").asText()
            : "; resume with: carillon cluster resume");
    return text.toString();
  }

  @Override
  void run(Namespace namespace, RemoteApi api, Printer out) {
    JsonNode cluster = api.get("/v1/cluster");
    JsonNode scheduler = api.get("/v1/scheduler");
    ArrayNode jobs = JobsCommand.pages(api, "/v1/jobs", Map.of(), null);
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    status.set("cluster", cluster);
    status.set("scheduler", scheduler);
    ObjectNode counts = status.putObject("jobs");
    ArrayNode failing = JsonNodeFactory.instance.arrayNode();
    int paused = 0;
    for (JsonNode job : jobs) {
      if ("paused".equals(job.path("state").asText())) {
        paused++;
      }
      if (FAILED.contains(job.path("lastExecution").path("status").asText())) {
        failing.add(job);
      }
    }
    counts.put("total", jobs.size());
    counts.put("paused", paused);
    counts.put("failing", failing.size());
    counts.put("late", cluster.path("lateJobs").asLong());
    if (out.format() != Printer.Format.TABLE) {
      status.set("failing", failing);
      out.data(status);
      return;
    }
    PrintStream print = out.out();
    print.printf(
        "cluster %s: %s%n", cluster.path("clusterName").asText(), paused(cluster.path("paused")));
    JsonNode canary = cluster.path("canary");
    if (canary.isObject()) {
      print.printf(
          "canary: last fired %s (%s s ago)%n",
          canary.path("lastFiredAt").asText("never"),
          canary.hasNonNull("ageMs") ? canary.path("ageMs").asLong() / 1000 : "-");
    }
    print.printf(
        "jobs: %d, %d paused, %d failing, %d late%n%n",
        jobs.size(), paused, failing.size(), cluster.path("lateJobs").asLong());
    Table nodes = new Table("NODE", "STATE", "ALIVE", "CHECK-IN AGE MS", "RUNNING", "THIS");
    for (JsonNode node : cluster.path("nodes")) {
      nodes.row(
          node.path("id"),
          node.path("state"),
          node.path("alive"),
          node.path("checkinAgeMs"),
          node.path("running").size(),
          node.path("self").asBoolean() ? "*" : "");
    }
    nodes.print(print);
    if (!failing.isEmpty()) {
      print.println();
      JobsCommand.listing(failing).print(print);
    }
    // GET /cluster names the jobs late longest; jobs list --late lists every one.
    if (cluster.path("late").size() > 0) {
      print.println();
      Table late = new Table("LATE JOB", "SINCE", "WHY");
      for (JsonNode job : cluster.path("late")) {
        late.row(
            job.path("group").asText() + "/" + job.path("name").asText(),
            job.path("since"),
            job.path("reason"));
      }
      late.print(print);
    }
    print.flush();
  }
}

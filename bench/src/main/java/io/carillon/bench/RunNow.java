package io.carillon.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Run-now lag on an idle cluster: a job is asked to run now on one node (in turn on each), and the
 * lag is from just before the request was sent to the run's own start record, on whichever node ran
 * it. One request at a time, each after the previous run started.
 */
final class RunNow {
  private static final String GROUP = "runnow";

  /**
   * Run-nows sent and waited for before any is measured, spread over the nodes, in every system
   * alike: the burst's warm-up never runs the run-now path (Carillon's is a REST request through
   * Jetty, Jersey, authentication and the audit log), so the first samples timed its compilation.
   */
  private static final int WARM_UP = 60;

  private final Cluster cluster;
  private final Options options;

  RunNow(Cluster cluster, Options options) {
    this.cluster = cluster;
    this.options = options;
  }

  Map<String, Object> run() throws Exception {
    List<String> warmUp = Burst.names("w-", WARM_UP);
    cluster.createRunnable(GROUP + "-warmup", warmUp);
    runEach(GROUP + "-warmup", warmUp, new LinkedHashMap<>(), new LinkedHashMap<>());
    List<String> names = Burst.names("n-", options.samples());
    cluster.createRunnable(GROUP, names);
    Map<String, Long> sentAt = new LinkedHashMap<>();
    Map<String, Long> answeredAt = new LinkedHashMap<>();
    runEach(GROUP, names, sentAt, answeredAt);
    List<Long> lags = new ArrayList<>();
    Map<String, Long> byNode = new LinkedHashMap<>();
    for (String name : names) {
      List<long[]> started =
          cluster
              .db()
              .rows(
                  "SELECT min(started_at) FROM "
                      + cluster.runs()
                      + " WHERE job_group = ? AND job_name = ?",
                  GROUP,
                  name);
      lags.add(started.get(0)[0] - sentAt.get(name));
    }
    for (String node :
        cluster
            .db()
            .strings("SELECT node FROM " + cluster.runs() + " WHERE job_group = ?", GROUP)) {
      byNode.merge(node, 1L, Long::sum);
    }
    Map<String, Object> out = new LinkedHashMap<>(Percentiles.of(lags, "LagMs"));
    out.put("runsByNode", byNode);
    List<Long> requests = new ArrayList<>();
    for (String name : names) {
      requests.add(answeredAt.get(name) - sentAt.get(name));
    }
    out.put("request", Percentiles.of(requests, "Ms"));
    if (cluster instanceof CarillonCluster) {
      out.putAll(carillonSteps(names, sentAt));
    }
    return out;
  }

  /** Asks for each run in turn, on node i mod nodes, and waits until it has started. */
  private void runEach(
      String group, List<String> names, Map<String, Long> sentAt, Map<String, Long> answeredAt)
      throws Exception {
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      sentAt.put(name, System.currentTimeMillis());
      cluster.runNow(i % cluster.nodes().size(), group, name);
      answeredAt.put(name, System.currentTimeMillis());
      cluster
          .db()
          .awaitCount(
              "SELECT count(*) FROM " + cluster.runs() + " WHERE job_group = ? AND job_name = ?",
              1,
              Duration.ofSeconds(60),
              group,
              name);
    }
  }

  /**
   * Where a Carillon run-now's lag goes, from its execution row: the request until the trigger was
   * stored (the row's scheduled time is the trigger's start), the trigger stored until a node fired
   * it (the row's start, written in the firing transaction), fired until the job itself started.
   */
  private Map<String, Object> carillonSteps(List<String> names, Map<String, Long> sentAt)
      throws Exception {
    List<Long> stored = new ArrayList<>();
    List<Long> fired = new ArrayList<>();
    List<Long> started = new ArrayList<>();
    for (String name : names) {
      List<long[]> row =
          cluster
              .db()
              .rows(
                  "SELECT e.scheduled_at AT TIME ZONE current_setting('TimeZone'),"
                      + " e.started_at AT TIME ZONE current_setting('TimeZone'), f.started_at"
                      + " FROM carillon_execution e"
                      + " JOIN bench_fire f ON f.job_group = e.job_group AND f.job_name ="
                      + " e.job_name WHERE e.job_group = ? AND e.job_name = ?",
                  GROUP,
                  name);
      if (row.isEmpty()) {
        continue;
      }
      stored.add(row.get(0)[0] - sentAt.get(name));
      fired.add(row.get(0)[1] - row.get(0)[0]);
      started.add(row.get(0)[2] - row.get(0)[1]);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("sentToStored", Percentiles.of(stored, "Ms"));
    out.put("storedToFired", Percentiles.of(fired, "Ms"));
    out.put("firedToJobStart", Percentiles.of(started, "Ms"));
    return out;
  }
}

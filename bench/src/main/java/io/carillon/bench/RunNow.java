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

  private final Cluster cluster;
  private final Options options;

  RunNow(Cluster cluster, Options options) {
    this.cluster = cluster;
    this.options = options;
  }

  Map<String, Object> run() throws Exception {
    List<String> names = Burst.names("n-", options.samples());
    cluster.createRunnable(GROUP, names);
    Map<String, Long> sentAt = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      sentAt.put(name, System.currentTimeMillis());
      cluster.runNow(i % cluster.nodes().size(), GROUP, name);
      cluster
          .db()
          .awaitCount(
              "SELECT count(*) FROM " + cluster.runs() + " WHERE job_group = ? AND job_name = ?",
              1,
              Duration.ofSeconds(60),
              GROUP,
              name);
    }
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
    return out;
  }
}

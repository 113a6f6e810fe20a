package io.carillon.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A long recoverable job running on one node; that node is killed with SIGKILL; seconds until the
 * job runs again on a survivor (from the kill to the recovered run's own start record).
 */
final class Failover {
  private final Cluster cluster;

  Failover(Cluster cluster) {
    this.cluster = cluster;
  }

  Map<String, Object> run() throws Exception {
    cluster.createLongRecoverable("failover", "long", Instant.now().plusSeconds(2));
    String runs = "SELECT count(*) FROM " + cluster.runs() + " WHERE job_group = 'failover'";
    cluster.db().awaitCount(runs, 1, Duration.ofSeconds(60));
    String first =
        nodeNames("SELECT node FROM " + cluster.runs() + " WHERE job_group = 'failover'").get(0);
    NodeProcess victim =
        cluster.nodes().stream().filter(n -> n.id().equals(first)).findFirst().orElseThrow();
    victim.kill();
    long killedAt = System.currentTimeMillis();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("killed", first);
    try {
      cluster.db().awaitCount(runs, 2, Duration.ofSeconds(180));
    } catch (IllegalStateException e) {
      out.put("secondsToRerun", null);
      out.put("rerun", false);
      return out;
    }
    long rerunAt =
        cluster
            .db()
            .rows("SELECT max(started_at) FROM " + cluster.runs() + " WHERE job_group = 'failover'")
            .get(0)[0];
    out.put("secondsToRerun", (rerunAt - killedAt) / 1000.0);
    out.put("rerun", true);
    out.put(
        "rerunOn",
        nodeNames(
                "SELECT node FROM "
                    + cluster.runs()
                    + " WHERE job_group = 'failover' ORDER BY started_at DESC")
            .get(0));
    return out;
  }

  private List<String> nodeNames(String sql) throws Exception {
    return cluster.db().strings(sql);
  }
}

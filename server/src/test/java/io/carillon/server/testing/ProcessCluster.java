package io.carillon.server.testing;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Several server processes on one database, started together. The check-in interval is 1 s (set
 * through {@code JAVA_TOOL_OPTIONS=-Ddw.scheduler.checkinInterval=1s}, the same override an
 * operator could use) so that a dead node is declared dead after about 8.5 s instead of 12.5 s: it
 * keeps the tests short and changes nothing else about failover.
 */
public final class ProcessCluster implements AutoCloseable {
  public static final String CHECKIN_INTERVAL =
      System.getProperty("carillon.checkinInterval", "1s");

  /** Worker threads per node. */
  public static final int THREADS = 4;

  private final Map<String, ServerProcess> nodes = new LinkedHashMap<>();
  private final Map<String, ApiClient> apis = new HashMap<>();

  /** Starts one process per node id, then waits until every one is healthy. */
  public static ProcessCluster start(
      PostgresDatabase db, Path workDir, Map<String, String> env, String... nodeIds) {
    return start(db, workDir, env, ServerProcess.CONFIG, nodeIds);
  }

  /**
   * The same, every node with another configuration file (see {@link ServerProcess#configWith}).
   */
  public static ProcessCluster start(
      PostgresDatabase db, Path workDir, Map<String, String> env, Path config, String... nodeIds) {
    ProcessCluster cluster = new ProcessCluster();
    for (String id : nodeIds) {
      int port = FreePort.pick();
      Map<String, String> all = new HashMap<>(env);
      all.put("DATABASE_URL", db.url());
      all.put("DATABASE_USER", db.user());
      all.put("DATABASE_PASSWORD", db.password());
      all.put("CARILLON_ADMIN_KEY", ApiApp.ADMIN_KEY);
      all.put("CARILLON_NODE_ID", id);
      all.put("PORT", Integer.toString(port));
      // A test's own JVM options (a fault point, say) come after the check-in override.
      all.put(
          "JAVA_TOOL_OPTIONS",
          ("-Ddw.scheduler.checkinInterval="
                  + CHECKIN_INTERVAL
                  + " "
                  + env.getOrDefault("JAVA_TOOL_OPTIONS", ""))
              .strip());
      // Small pools: three nodes share the machine's PostgreSQL (100 connections) with other tests.
      all.putIfAbsent("CARILLON_THREADS", Integer.toString(THREADS));
      all.putIfAbsent("DATABASE_POOL_SIZE", Integer.toString(THREADS + 4));
      cluster.nodes.put(id, ServerProcess.server(workDir.resolve(id), all, config));
      cluster.apis.put(id, new ApiClient("http://127.0.0.1:" + port + "/api/v1", ApiApp.ADMIN_KEY));
    }
    try {
      cluster.nodes.values().forEach(ServerProcess::awaitHealthy);
    } catch (RuntimeException | AssertionError e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  public ServerProcess node(String id) {
    return nodes.get(id);
  }

  /** The node's API as the seeded admin. */
  public ApiClient api(String id) {
    return apis.get(id);
  }

  /**
   * Waits until every node has counted {@code more} more than now of {@code counter}, the loops of
   * one of its background checks (such as {@code carillon_pause_checks}): each has run it since.
   */
  public void awaitChecksOnEveryNode(String counter, int more) throws Exception {
    Map<String, Double> start = new HashMap<>();
    for (String id : nodes.keySet()) {
      start.put(id, checks(id, counter));
    }
    for (String id : nodes.keySet()) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> checks(id, counter) >= start.get(id) + more);
    }
  }

  private double checks(String id, String counter) throws Exception {
    return Exposition.scrape(nodes.get(id).adminPort())
        .find(counter, Map.of())
        .orElseThrow(() -> new AssertionError("node " + id + " exposes no " + counter))
        .value();
  }

  @Override
  public void close() {
    nodes.values().forEach(ServerProcess::close);
  }
}

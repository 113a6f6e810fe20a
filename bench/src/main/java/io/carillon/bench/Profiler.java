package io.carillon.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the time of a workload goes, from outside the nodes: the statements and commits the
 * counting driver saw in every node ({@link io.carillon.bench.driver.CountingDriver}), the
 * database's own counters (pg_stat_database, pg_stat_user_tables) before and after, the CPU of the
 * node JVMs and of their PostgreSQL backends (/proc), and a sampling of what each backend of the
 * database is doing (pg_stat_activity, every 20 ms): waiting for a lock, working, or idle in a
 * transaction while its JVM computes the next statement.
 *
 * <p>Per fire means per run the jobs recorded. Every system's job records its own run with one
 * autocommitted INSERT; that statement and its commit are taken off, so that the figures are the
 * scheduler's own. The harness's backends (named "bench-*") are not counted.
 */
final class Profiler {
  /** The application_name of the harness's own connections, left out of the backends' CPU. */
  static final String HARNESS = "bench-harness";

  private final Cluster cluster;
  private final Map<String, Long> before;
  private final Map<String, long[]> tablesBefore;
  private final Map<String, Long> threadsBefore;
  private final long[] jdbcBefore;
  private final Set<Long> backends = ConcurrentHashMap.newKeySet();
  private final Map<Long, Long> cpuBefore;
  private final Map<Long, Long> backendCpuBefore;
  private final long[] machineBefore;
  private final long queriesBefore;
  private final long startedNanos = System.nanoTime();
  private final Map<String, Long> waits = new LinkedHashMap<>();
  private long samples;
  private long lockWaitSamples;
  private volatile boolean sampling = true;
  private final Thread sampler;
  private long sampledNanos;
  private double jvmCpuMs;
  private double backendCpuMs;
  private long[] machineAtStop;
  private long[] jdbcAtStop;
  private Map<String, Long> threadsAtStop;
  private final StatementProfile statements;

  /** Takes the "before" snapshot and starts sampling. */
  Profiler(Cluster cluster) throws Exception {
    this.cluster = cluster;
    queriesBefore = cluster.db().queries();
    before = counters();
    tablesBefore = tables();
    threadsBefore = ProcessCpu.threads(nodePids());
    jdbcBefore = cluster.jdbcCounts();
    backends.addAll(backendPids());
    cpuBefore = ProcessCpu.ticks(nodePids());
    backendCpuBefore = ProcessCpu.ticks(backends);
    machineBefore = ProcessCpu.machine();
    statements = StatementProfile.take(cluster.db());
    for (String state :
        List.of("quartzLockWait", "otherLockWait", "running", "ioOrWal", "idleInTx")) {
      waits.put(state, 0L);
    }
    sampler = new Thread(this::sample, "pg-activity-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Stops sampling (call when the last run started); counters are read later by {@link #end}. */
  void stopSampling() throws Exception {
    sampledNanos = System.nanoTime() - startedNanos;
    sampling = false;
    sampler.join();
    // CPU is taken over the same window as the samples, not over the wait that follows; backends
    // the pools opened meanwhile count from zero.
    backends.addAll(backendPids());
    jvmCpuMs = ProcessCpu.millisBetween(cpuBefore, ProcessCpu.ticks(nodePids()));
    backendCpuMs = ProcessCpu.millisBetween(backendCpuBefore, ProcessCpu.ticks(backends));
    threadsAtStop = ProcessCpu.threads(nodePids());
    machineAtStop = ProcessCpu.machine();
    // The last runs' completions, and the counting driver's next write (every 200 ms), land
    // within this; what the idle nodes send meanwhile is negligible.
    Thread.sleep(500);
    jdbcAtStop = cluster.jdbcCounts();
    if (statements != null) {
      statements.stop();
    }
  }

  /**
   * Reads the "after" snapshot for {@code runs} recorded runs. PostgreSQL backends publish their
   * counters when idle for up to ten seconds, so the caller waits that long after the work before
   * calling this.
   */
  Map<String, Object> end(long runs) throws Exception {
    Map<String, Long> after = counters();
    long[] jdbcAfter = jdbcAtStop;
    double seconds = sampledNanos / 1e9;
    long fires = Math.max(1, runs);
    // The harness's own polls are one commit and about one table access each.
    long harness = cluster.db().queries() - queriesBefore;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("runs", runs);
    if (jdbcBefore != null && jdbcAfter != null) {
      out.put("jdbcStatementsPerFire", (jdbcAfter[0] - jdbcBefore[0] - runs) / (double) fires);
      out.put("jdbcCommitsPerFire", (jdbcAfter[1] - jdbcBefore[1] - runs) / (double) fires);
    }
    out.put("serverCommitsPerFire", perRun(after, "xact_commit", fires, harness + runs));
    out.put("rollbacksPerFire", perRun(after, "xact_rollback", fires, 0));
    out.put("tableAccessesPerFire", perRun(after, "scans", fires, harness));
    out.put("rowsInsertedPerFire", perRun(after, "n_tup_ins", fires, runs));
    out.put("rowsUpdatedPerFire", perRun(after, "n_tup_upd", fires, 0));
    out.put("rowsDeletedPerFire", perRun(after, "n_tup_del", fires, 0));
    out.put("jvmCpuMsPerFire", jvmCpuMs / fires);
    out.put("pgCpuMsPerFire", backendCpuMs / fires);
    double busy = machineAtStop[0] - machineBefore[0];
    double total = machineAtStop[1] - machineBefore[1];
    out.put("machineBusy", total == 0 ? 0 : busy / total);
    Map<String, Object> backendsByState = new LinkedHashMap<>();
    for (Map.Entry<String, Long> wait : waits.entrySet()) {
      backendsByState.put(wait.getKey(), samples == 0 ? 0.0 : wait.getValue() / (double) samples);
    }
    out.put("backendsOnAverage", backendsByState);
    out.put("perTablePerFire", tableDeltas(tables(), fires));
    out.put("jvmCpuMsPerFireByThread", threadDeltas(threadsAtStop, fires));
    out.put(
        "statementsByCost",
        statements == null
            ? List.of("pg_stat_statements is not loaded on this server")
            : statements.perFire(fires));
    out.put("quartzLockContendedShare", samples == 0 ? 0.0 : lockWaitSamples / (double) samples);
    out.put("samples", samples);
    out.put("sampledSeconds", seconds);
    return out;
  }

  /** One line: what the backends were doing on average, and how busy the machine was. */
  static String describe(Map<String, Object> profile) {
    @SuppressWarnings("unchecked")
    Map<String, Object> backends = (Map<String, Object>) profile.get("backendsOnAverage");
    return String.format(
        Locale.ROOT,
        "backends on average: %.1f waiting for QRTZ_LOCKS, %.1f other lock, %.1f running,"
            + " %.1f I/O-WAL, %.1f idle in transaction; %.1f table accesses per fire;"
            + " machine busy %.0f%%",
        backends.get("quartzLockWait"),
        backends.get("otherLockWait"),
        backends.get("running"),
        backends.get("ioOrWal"),
        backends.get("idleInTx"),
        profile.get("tableAccessesPerFire"),
        100 * (double) profile.get("machineBusy"));
  }

  private double perRun(Map<String, Long> after, String key, long runs, long minus) {
    return (after.get(key) - before.get(key) - minus) / (double) runs;
  }

  /**
   * Per table: index and sequential scans, rows inserted, updated, deleted, and of the updates
   * those that were HOT (no index entry written: no indexed column changed and the page had room).
   */
  private Map<String, long[]> tables() throws SQLException {
    Map<String, long[]> out = new LinkedHashMap<>();
    for (String table :
        cluster.db().strings("SELECT relname FROM pg_stat_user_tables ORDER BY relname")) {
      out.put(
          table,
          cluster
              .db()
              .rows(
                  "SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0), n_tup_ins, n_tup_upd,"
                      + " n_tup_del, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = ?",
                  table)
              .get(0));
    }
    return out;
  }

  private Map<String, Object> tableDeltas(Map<String, long[]> after, long runs) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> table : after.entrySet()) {
      long[] was = tablesBefore.getOrDefault(table.getKey(), new long[5]);
      long[] now = table.getValue();
      if (now[0] - was[0] + now[1] - was[1] + now[2] - was[2] + now[3] - was[3] == 0) {
        continue;
      }
      out.put(
          table.getKey(),
          String.format(
              Locale.ROOT,
              "scans %.2f ins %.2f upd %.2f (hot %.2f) del %.2f",
              (now[0] - was[0]) / (double) runs,
              (now[1] - was[1]) / (double) runs,
              (now[2] - was[2]) / (double) runs,
              (now[4] - was[4]) / (double) runs,
              (now[3] - was[3]) / (double) runs));
    }
    return out;
  }

  private Map<String, Object> threadDeltas(Map<String, Long> after, long runs) {
    Map<String, Double> deltas = new LinkedHashMap<>();
    for (Map.Entry<String, Long> thread : after.entrySet()) {
      long delta = thread.getValue() - threadsBefore.getOrDefault(thread.getKey(), 0L);
      if (delta > 0) {
        deltas.put(thread.getKey(), delta * 1000.0 / ProcessCpu.TICKS_PER_SECOND / runs);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    deltas.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(10)
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  private Map<String, Long> counters() throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    try (Connection admin = cluster.db().admin();
        PreparedStatement statement =
            admin.prepareStatement(
                "SELECT xact_commit, xact_rollback FROM pg_stat_database WHERE datname = ?")) {
      statement.setString(1, cluster.db().name());
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        out.put("xact_commit", rows.getLong(1));
        out.put("xact_rollback", rows.getLong(2));
      }
    }
    List<long[]> tables =
        cluster
            .db()
            .rows(
                "SELECT coalesce(sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0)), 0),"
                    + " coalesce(sum(n_tup_ins), 0), coalesce(sum(n_tup_upd), 0),"
                    + " coalesce(sum(n_tup_del), 0) FROM pg_stat_user_tables");
    out.put("scans", tables.get(0)[0]);
    out.put("n_tup_ins", tables.get(0)[1]);
    out.put("n_tup_upd", tables.get(0)[2]);
    out.put("n_tup_del", tables.get(0)[3]);
    // That query itself is one commit on this database: counted by the caller through queries().
    return out;
  }

  private void sample() {
    String sql =
        "SELECT state, coalesce(wait_event_type, ''), coalesce(wait_event, ''), query, pid"
            + " FROM pg_stat_activity WHERE datname = ? AND backend_type = 'client backend'"
            + " AND application_name NOT LIKE 'bench-%'";
    try (Connection admin = cluster.db().admin();
        PreparedStatement statement = admin.prepareStatement(sql)) {
      statement.setString(1, cluster.db().name());
      while (sampling) {
        boolean contended = false;
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            String state = rows.getString(1);
            String type = rows.getString(2);
            String query = rows.getString(4).toUpperCase(Locale.ROOT);
            backends.add(rows.getLong(5));
            String bucket = null;
            if (type.equals("Lock")) {
              boolean quartz = query.contains("LOCKS") && query.contains("FOR UPDATE");
              contended |= quartz;
              bucket = quartz ? "quartzLockWait" : "otherLockWait";
            } else if ("active".equals(state)) {
              bucket = type.equals("IO") || type.equals("LWLock") ? "ioOrWal" : "running";
            } else if (state != null && state.startsWith("idle in transaction")) {
              bucket = "idleInTx";
            }
            if (bucket != null) {
              waits.merge(bucket, 1L, Long::sum);
            }
          }
        }
        samples++;
        if (contended) {
          lockWaitSamples++;
        }
        Thread.sleep(20);
      }
    } catch (SQLException | InterruptedException e) {
      throw new IllegalStateException("sampling pg_stat_activity failed", e);
    }
  }

  private List<Long> backendPids() throws SQLException {
    List<Long> pids = new ArrayList<>();
    try (Connection admin = cluster.db().admin();
        PreparedStatement statement =
            admin.prepareStatement(
                "SELECT pid FROM pg_stat_activity WHERE datname = ?"
                    + " AND backend_type = 'client backend'"
                    + " AND application_name NOT LIKE 'bench-%'")) {
      statement.setString(1, cluster.db().name());
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          pids.add(rows.getLong(1));
        }
      }
    }
    return pids;
  }

  private List<Long> nodePids() {
    List<Long> pids = new ArrayList<>();
    for (NodeProcess node : cluster.nodes()) {
      pids.add(node.pid());
    }
    return pids;
  }
}

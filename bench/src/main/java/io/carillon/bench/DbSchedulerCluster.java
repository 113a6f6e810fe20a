package io.carillon.bench;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * db-scheduler nodes ({@link DbSchedulerNode}) on the bench's class path, with db-scheduler's own
 * table and indexes, and a {@link SchedulerClient} in this process that writes their tasks.
 */
final class DbSchedulerCluster implements Cluster {
  private final Pg db;
  private final Launch launch;
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final HikariDataSource clientPool;
  private final SchedulerClient client;

  DbSchedulerCluster(Pg db, Launch launch, int nodeCount) throws Exception {
    this.db = db;
    this.launch = launch;
    db.execute(DbSchedulerNode.TABLE_DDL);
    db.execute(DbSchedulerNode.INDEX_DDL.toArray(String[]::new));
    db.execute(Bench.RUNS_TABLE);
    try {
      growTo(nodeCount);
    } catch (Exception e) {
      close();
      throw e;
    }
    clientPool =
        RawQuartzNode.pool(db.url(), db.user(), db.password(), Bench.CLIENTS + 1, Bench.CLIENT);
    client = SchedulerClient.Builder.create(clientPool, DbSchedulerNode.TASKS).build();
  }

  @Override
  public String system() {
    return "db-scheduler";
  }

  @Override
  public Pg db() {
    return db;
  }

  @Override
  public List<NodeProcess> nodes() {
    return nodes;
  }

  @Override
  public void growTo(int total) throws Exception {
    List<NodeProcess> started = new ArrayList<>();
    for (int i = nodes.size(); i < total; i++) {
      String id = "dbs-" + i;
      List<String> command = launch.java(launch.benchClassPath());
      command.addAll(
          List.of(
              DbSchedulerNode.class.getName(),
              db.url(),
              db.user(),
              db.password(),
              id,
              launch.settings().encode()));
      NodeProcess node =
          NodeProcess.start(
              id, command, Map.of(), launch.workDir().resolve(db.name() + "-" + id + ".log"));
      nodes.add(node);
      started.add(node);
    }
    for (NodeProcess node : started) {
      node.await("ready", Duration.ofSeconds(60), () -> Bench.contains(node, "READY"));
    }
  }

  @Override
  public void createOneShots(String group, List<String> names, Instant at) throws Exception {
    Bench.inParallel(
        names,
        name ->
            client.scheduleIfNotExists(DbSchedulerNode.RECORD.instance(group + "|" + name), at));
  }

  @Override
  public void createRepeating(
      String group, List<String> names, List<Instant> startAts, Duration interval, Instant endAt)
      throws Exception {
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      indexes.add(i);
    }
    Bench.inParallel(
        indexes,
        i ->
            client.scheduleIfNotExists(
                DbSchedulerNode.REPEAT.instance(
                    group
                        + "|"
                        + names.get(i)
                        + "|"
                        + interval.toMillis()
                        + "|"
                        + endAt.toEpochMilli()),
                startAts.get(i)));
  }

  @Override
  public void createLongRecoverable(String group, String name, Instant at) throws Exception {
    client.scheduleIfNotExists(DbSchedulerNode.SLEEP.instance(group + "|" + name), at);
  }

  /** db-scheduler has no pause: the group's waiting executions are deleted. */
  @Override
  public void stopGroup(String group) throws Exception {
    db.execute(
        "DELETE FROM scheduled_tasks WHERE NOT picked AND task_instance LIKE '"
            + group.replace("'", "''")
            + "|%'");
  }

  /** Nothing to prepare: a run-now schedules a one-shot instance due now on the asked node. */
  @Override
  public void createRunnable(String group, List<String> names) {}

  @Override
  public void runNow(int node, String group, String name) throws Exception {
    NodeControl.runNow(nodes.get(node).controlPort(), group, name);
  }

  @Override
  public String runs() {
    return "bench_fire";
  }

  @Override
  public void close() {
    for (NodeProcess node : nodes) {
      node.close();
    }
    if (clientPool != null) {
      clientPool.close();
    }
  }
}

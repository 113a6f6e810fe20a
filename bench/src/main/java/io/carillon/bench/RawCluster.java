package io.carillon.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * Raw Quartz nodes ({@link RawQuartzNode}) on the server jar's class path, and a client scheduler
 * in this process (never started, so it fires nothing) that writes their jobs.
 */
final class RawCluster implements Cluster {
  private final Pg db;
  private final Launch launch;
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final com.zaxxer.hikari.HikariDataSource clientPool;
  private final Scheduler client;

  RawCluster(Pg db, Launch launch, int nodeCount) throws Exception {
    this.db = db;
    this.launch = launch;
    Bench.migrate(db, launch);
    db.execute(Bench.RUNS_TABLE);
    try {
      growTo(nodeCount);
    } catch (Exception e) {
      close();
      throw e;
    }
    clientPool =
        RawQuartzNode.pool(db.url(), db.user(), db.password(), Bench.CLIENTS + 1, Bench.CLIENT);
    RawQuartzNode.dataSource = clientPool;
    client = RawQuartzNode.scheduler(clientPool, "bench-client", launch.settings());
  }

  @Override
  public void growTo(int total) throws Exception {
    List<NodeProcess> started = new ArrayList<>();
    for (int i = nodes.size(); i < total; i++) {
      String id = "raw-" + i;
      List<String> command = launch.java(launch.benchClassPath());
      command.addAll(
          List.of(
              RawQuartzNode.class.getName(),
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
  public String system() {
    return "raw-quartz";
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
  public void createOneShots(String group, List<String> names, Instant at) throws Exception {
    Bench.inParallel(
        names,
        name -> {
          JobDetail job =
              JobBuilder.newJob(RawQuartzNode.RecordingJob.class).withIdentity(name, group).build();
          client.scheduleJob(
              job, TriggerBuilder.newTrigger().forJob(job).startAt(Date.from(at)).build());
        });
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
        i -> {
          JobDetail job =
              JobBuilder.newJob(RawQuartzNode.RecordingJob.class)
                  .withIdentity(names.get(i), group)
                  .build();
          client.scheduleJob(
              job,
              TriggerBuilder.newTrigger()
                  .forJob(job)
                  .startAt(Date.from(startAts.get(i)))
                  .endAt(Date.from(endAt))
                  .withSchedule(
                      SimpleScheduleBuilder.simpleSchedule()
                          .withIntervalInMilliseconds(interval.toMillis())
                          .repeatForever())
                  .build());
        });
  }

  @Override
  public void createLongRecoverable(String group, String name, Instant at) throws Exception {
    JobDetail job =
        JobBuilder.newJob(RawQuartzNode.SleepingJob.class)
            .withIdentity(name, group)
            .requestRecovery(true)
            .build();
    client.scheduleJob(job, TriggerBuilder.newTrigger().forJob(job).startAt(Date.from(at)).build());
  }

  @Override
  public void stopGroup(String group) throws Exception {
    client.pauseJobs(GroupMatcher.jobGroupEquals(group));
  }

  @Override
  public void createRunnable(String group, List<String> names) throws Exception {
    Bench.inParallel(
        names,
        name ->
            client.addJob(
                JobBuilder.newJob(RawQuartzNode.RecordingJob.class)
                    .withIdentity(name, group)
                    .storeDurably()
                    .build(),
                false));
  }

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
    if (client != null) {
      try {
        client.shutdown();
      } catch (org.quartz.SchedulerException e) {
        throw new IllegalStateException(e);
      }
    }
    if (clientPool != null) {
      clientPool.close();
    }
  }
}

package io.carillon.bench;

import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * Raw Quartz nodes ({@link RawQuartzNode}) on the server jar's class path, and a client scheduler
 * in this process (never started, so it fires nothing) that writes their jobs.
 */
final class RawCluster implements Cluster {
  private final Pg db;
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final com.zaxxer.hikari.HikariDataSource clientPool;
  private final Scheduler client;

  RawCluster(Pg db, Path jar, Path workDir, Options options) throws Exception {
    this.db = db;
    Bench.migrate(db, jar, workDir);
    db.execute(Bench.RUNS_TABLE);
    String separator = System.getProperty("path.separator");
    StringBuilder classPath = new StringBuilder(jar.toString());
    for (String entry : System.getProperty("java.class.path").split(separator)) {
      classPath.append(separator).append(Path.of(entry).toAbsolutePath());
    }
    try {
      for (int i = 0; i < options.nodes(); i++) {
        String id = "raw-" + i;
        nodes.add(
            NodeProcess.start(
                id,
                List.of(
                    Bench.java(),
                    Bench.HEAP,
                    "-cp",
                    classPath.toString(),
                    RawQuartzNode.class.getName(),
                    db.url(),
                    db.user(),
                    db.password(),
                    id,
                    Integer.toString(options.threads()),
                    Integer.toString(options.poolSize())),
                Map.of(),
                workDir.resolve(db.name() + "-" + id + ".log")));
      }
      for (NodeProcess node : nodes) {
        node.await("ready", Duration.ofSeconds(60), () -> Bench.contains(node, "READY"));
      }
    } catch (Exception e) {
      close();
      throw e;
    }
    clientPool = RawQuartzNode.pool(db.url(), db.user(), db.password(), Bench.CLIENTS + 1);
    RawQuartzNode.dataSource = clientPool;
    client = RawQuartzNode.scheduler(clientPool, "bench-client", 1);
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
  public String runs() {
    return "bench_fire";
  }

  @Override
  public long[] jdbcCounts() throws Exception {
    long[] total = new long[2];
    for (NodeProcess node : nodes) {
      Path file = node.directory().resolve("counts");
      if (node.alive() && Files.exists(file)) {
        String[] parts = Files.readString(file).trim().split(" ");
        total[0] += Long.parseLong(parts[0]);
        total[1] += Long.parseLong(parts[1]);
      }
    }
    return total;
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

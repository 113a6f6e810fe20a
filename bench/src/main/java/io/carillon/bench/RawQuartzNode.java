package io.carillon.bench;

import ch.qos.logback.classic.Level;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.LoggerFactory;

/**
 * The baseline: a clustered Quartz node with Carillon's Quartz settings and nothing of Carillon
 * around it. Its jobs record each fire in {@code bench_fire}; its connections count the statements
 * and commits they send, written to the file {@code counts} in its working directory. Runs until
 * killed.
 */
public final class RawQuartzNode {
  static final String CLUSTER = "raw-quartz";
  static volatile DataSource dataSource;

  private RawQuartzNode() {}

  /** Args: jdbc-url user password node-id threads pool-size. */
  public static void main(String[] args) throws Exception {
    quietLogging();
    int threads = Integer.parseInt(args[4]);
    CountingDataSource counting =
        new CountingDataSource(pool(args[0], args[1], args[2], Integer.parseInt(args[5])));
    dataSource = counting;
    Scheduler scheduler = scheduler(counting, args[3], threads);
    scheduler.start();
    Path counts = Path.of("counts");
    Executors.newSingleThreadScheduledExecutor()
        .scheduleAtFixedRate(
            () -> write(counts, counting.statements() + " " + counting.commits()),
            0,
            200,
            TimeUnit.MILLISECONDS);
    System.out.println("READY " + args[3]);
    System.out.flush();
    Thread.currentThread().join();
  }

  /**
   * Carillon logs at INFO; logback with no configuration logs at DEBUG, which would cost the
   * baseline about ten log lines per fire that Carillon does not pay.
   */
  static void quietLogging() {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(Level.INFO);
  }

  private static void write(Path file, String text) {
    try {
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(temporary, text);
      Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static HikariDataSource pool(String url, String user, String password, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(size);
    return new HikariDataSource(config);
  }

  /** The same properties Carillon's QuartzFactory sets by default, for a node of this cluster. */
  static Scheduler scheduler(DataSource dataSource, String nodeId, int threads)
      throws SchedulerException {
    String name = "raw-" + nodeId;
    DBConnectionManager.getInstance()
        .addConnectionProvider(
            name,
            new ConnectionProvider() {
              @Override
              public Connection getConnection() throws SQLException {
                return dataSource.getConnection();
              }

              @Override
              public void shutdown() {}

              @Override
              public void initialize() {}
            });
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", CLUSTER);
    p.setProperty("org.quartz.scheduler.instanceId", nodeId);
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.scheduler.idleWaitTime", "5000");
    p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", "10");
    p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionFireAheadTimeWindow", "0");
    p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
    p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty(
        "org.quartz.jobStore.driverDelegateClass",
        "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    p.setProperty("org.quartz.jobStore.dataSource", name);
    p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    p.setProperty("org.quartz.jobStore.isClustered", "true");
    p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
    p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
    p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
    p.setProperty("org.quartz.jobStore.useProperties", "true");
    return new StdSchedulerFactory(p).getScheduler();
  }

  /** Records its fire: which job, on which node, scheduled when, started when. */
  public static class RecordingJob implements Job {
    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
      long started = System.currentTimeMillis();
      try (Connection connection = dataSource.getConnection();
          PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO bench_fire (job_group, job_name, node, scheduled_at, started_at,"
                      + " recovering) VALUES (?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, context.getJobDetail().getKey().getGroup());
        insert.setString(2, context.getJobDetail().getKey().getName());
        insert.setString(3, context.getScheduler().getSchedulerInstanceId());
        insert.setTimestamp(4, new Timestamp(context.getScheduledFireTime().getTime()));
        insert.setTimestamp(5, new Timestamp(started));
        insert.setBoolean(6, context.isRecovering());
        insert.executeUpdate();
      } catch (SQLException | SchedulerException e) {
        throw new JobExecutionException(e);
      }
    }
  }

  /** Records its fire, then runs for ten minutes: the long job of the failover workload. */
  public static final class SleepingJob extends RecordingJob {
    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
      super.execute(context);
      try {
        Thread.sleep(TimeUnit.MINUTES.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

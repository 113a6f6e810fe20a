package io.carillon.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * The baseline: a clustered Quartz node with Carillon's Quartz settings and nothing of Carillon
 * around it. Its job records each fire in {@code bench_fire}. Runs until killed.
 */
public final class RawQuartzNode {
  static final String CLUSTER = "raw-quartz";
  static volatile DataSource dataSource;

  private RawQuartzNode() {}

  /** Args: jdbc-url user password node-id threads. */
  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[4]);
    dataSource = pool(args[0], args[1], args[2], threads + 3);
    Scheduler scheduler = scheduler(dataSource, args[3], threads);
    scheduler.start();
    System.out.println("READY " + args[3]);
    System.out.flush();
    new CountDownLatch(1).await();
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
    p.setProperty("org.quartz.jobStore.isClustered", "true");
    p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
    p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
    p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
    p.setProperty("org.quartz.jobStore.useProperties", "true");
    return new StdSchedulerFactory(p).getScheduler();
  }

  /** Records its fire: which job, on which node, scheduled when, started when. */
  public static final class RecordingJob implements Job {
    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
      try (Connection connection = dataSource.getConnection();
          PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO bench_fire (job_name, node, scheduled_at, started_at)"
                      + " VALUES (?, ?, ?, ?)")) {
        insert.setString(1, context.getJobDetail().getKey().getName());
        insert.setString(2, context.getScheduler().getSchedulerInstanceId());
        insert.setTimestamp(3, new Timestamp(context.getScheduledFireTime().getTime()));
        insert.setTimestamp(4, new Timestamp(context.getFireTime().getTime()));
        insert.executeUpdate();
      } catch (SQLException | SchedulerException e) {
        throw new JobExecutionException(e);
      }
    }
  }
}

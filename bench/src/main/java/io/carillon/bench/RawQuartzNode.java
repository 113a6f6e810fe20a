package io.carillon.bench;

import ch.qos.logback.classic.Level;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.LoggerFactory;

/**
 * The baseline: a clustered Quartz node with the same Quartz settings as Carillon's nodes ({@link
 * Settings}) and nothing of Carillon around it. Its jobs record each fire in {@code bench_fire};
 * the counting driver first on its class path counts its statements and commits. It answers run-now
 * requests ({@link NodeControl}) and runs until killed.
 */
public final class RawQuartzNode {
  static final String CLUSTER = "raw-quartz";
  static volatile DataSource dataSource;

  private RawQuartzNode() {}

  /** Args: jdbc-url user password node-id settings ({@link Settings#encode}). */
  public static void main(String[] args) throws Exception {
    quietLogging();
    Settings settings = Settings.parse(args[4]);
    dataSource = pool(args[0], args[1], args[2], settings.poolSize());
    Scheduler scheduler = scheduler(dataSource, args[3], settings);
    scheduler.start();
    int port = NodeControl.serve((group, name) -> scheduler.triggerJob(JobKey.jobKey(name, group)));
    System.out.println("READY " + args[3] + " " + port);
    System.out.flush();
    Thread.currentThread().join();
  }

  /**
   * Carillon's logging (config.yml): INFO, and WARN for the two Quartz classes that print their
   * whole configuration on start. Logback with no configuration logs at DEBUG, which would cost a
   * baseline about ten log lines per fire that Carillon does not pay.
   */
  static void quietLogging() {
    level(org.slf4j.Logger.ROOT_LOGGER_NAME, Level.INFO);
    level("org.quartz.core.QuartzScheduler", Level.WARN);
    level("org.quartz.impl.StdSchedulerFactory", Level.WARN);
  }

  private static void level(String logger, Level level) {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(logger)).setLevel(level);
  }

  static HikariDataSource pool(String url, String user, String password, int size) {
    return pool(url, user, password, size, "PostgreSQL JDBC Driver");
  }

  /** A pool whose connections show as {@code applicationName} in pg_stat_activity. */
  static HikariDataSource pool(
      String url, String user, String password, int size, String applicationName) {
    HikariConfig config = new HikariConfig();
    config.addDataSourceProperty("ApplicationName", applicationName);
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(size);
    return new HikariDataSource(config);
  }

  /** A scheduler of this cluster on the data source, with the bench's Quartz settings. */
  static Scheduler scheduler(DataSource dataSource, String nodeId, Settings settings)
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
    return new StdSchedulerFactory(settings.quartz(CLUSTER, nodeId, name)).getScheduler();
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

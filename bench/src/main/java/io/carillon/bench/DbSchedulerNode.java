package io.carillon.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The second baseline: a db-scheduler node (one {@link Scheduler} per JVM, as in production) with
 * the bench's threads, pool and polling settings. Its tasks record each run in {@code bench_fire}
 * as the other systems' jobs do; the counting driver first on its class path counts its statements
 * and commits. It answers run-now requests ({@link NodeControl}) and runs until killed.
 *
 * <p>Job identities live in the task instance id, {@code group|name} (and for repeating tasks
 * {@code |intervalMs|endEpochMs}), so that no task data is serialised.
 */
public final class DbSchedulerNode {
  static final String TABLE_DDL =
      "CREATE TABLE scheduled_tasks (task_name TEXT NOT NULL, task_instance TEXT NOT NULL,"
          + " task_data BYTEA, execution_time TIMESTAMP WITH TIME ZONE NOT NULL,"
          + " picked BOOLEAN NOT NULL, picked_by TEXT, last_success TIMESTAMP WITH TIME ZONE,"
          + " last_failure TIMESTAMP WITH TIME ZONE, consecutive_failures INT,"
          + " last_heartbeat TIMESTAMP WITH TIME ZONE, version BIGINT NOT NULL, priority SMALLINT,"
          + " PRIMARY KEY (task_name, task_instance))";

  /** db-scheduler's own PostgreSQL indexes (postgresql_tables.sql of its repository). */
  static final List<String> INDEX_DDL =
      List.of(
          "CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time)",
          "CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat)",
          "CREATE INDEX priority_execution_time_idx ON scheduled_tasks"
              + " (priority DESC, execution_time ASC)");

  private static volatile DataSource dataSource;
  private static volatile String nodeId;

  /** A one-shot no-op that records its run. */
  static final OneTimeTask<Void> RECORD =
      Tasks.oneTime("bench-record").execute((instance, context) -> record(instance, context));

  /** Fires every intervalMs from its first execution time until endEpochMs, at a fixed rate. */
  static final CustomTask<Void> REPEAT =
      Tasks.custom("bench-repeat", Void.class)
          .execute(
              (instance, context) -> {
                record(instance, context);
                String[] id = instance.getId().split("\\|");
                long interval = Long.parseLong(id[2]);
                long end = Long.parseLong(id[3]);
                Instant next = context.getExecution().executionTime.plusMillis(interval);
                return next.toEpochMilli() < end
                    ? (complete, operations) -> operations.reschedule(complete, next)
                    : new CompletionHandler.OnCompleteRemove<>();
              });

  /** Records its run, then runs for ten minutes: the long job of the failover workload. */
  static final OneTimeTask<Void> SLEEP =
      Tasks.oneTime("bench-sleep")
          .execute(
              (instance, context) -> {
                record(instance, context);
                try {
                  Thread.sleep(TimeUnit.MINUTES.toMillis(10));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });

  static final List<com.github.kagkarlsson.scheduler.task.Task<?>> TASKS =
      List.of(RECORD, REPEAT, SLEEP);

  private DbSchedulerNode() {}

  /** Args: jdbc-url user password node-id settings ({@link Settings#encode}). */
  public static void main(String[] args) throws Exception {
    RawQuartzNode.quietLogging();
    Settings settings = Settings.parse(args[4]);
    nodeId = args[3];
    dataSource = RawQuartzNode.pool(args[0], args[1], args[2], settings.poolSize());
    Scheduler scheduler =
        Scheduler.create(dataSource, TASKS)
            .schedulerName(new SchedulerName.Fixed(nodeId))
            .threads(settings.threads())
            .pollUsingLockAndFetch(Settings.LOCK_AND_FETCH_LOWER, Settings.LOCK_AND_FETCH_UPPER)
            .pollingInterval(Duration.ofMillis(settings.pollMs()))
            .heartbeatInterval(Duration.ofMillis(settings.heartbeatMs()))
            .missedHeartbeatsLimit(Settings.MISSED_HEARTBEATS)
            .enableImmediateExecution()
            .build();
    scheduler.start();
    int port =
        NodeControl.serve(
            (group, name) ->
                scheduler.scheduleIfNotExists(RECORD.instance(group + "|" + name), Instant.now()));
    System.out.println("READY " + nodeId + " " + port);
    System.out.flush();
    Thread.currentThread().join();
  }

  private static void record(TaskInstance<Void> instance, ExecutionContext context) {
    long started = System.currentTimeMillis();
    String[] id = instance.getId().split("\\|");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO bench_fire (job_group, job_name, node, scheduled_at, started_at,"
                    + " recovering) VALUES (?, ?, ?, ?, ?, false)")) {
      insert.setString(1, id[0]);
      insert.setString(2, id[1]);
      insert.setString(3, nodeId);
      insert.setTimestamp(4, Timestamp.from(context.getExecution().executionTime));
      insert.setTimestamp(5, new Timestamp(started));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("could not record the run", e);
    }
  }
}

package io.carillon.server.quartz;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.carillon.jobs.quartz.JobDataKeys;
import io.carillon.jobs.quartz.JobOutcome;
import io.carillon.server.common.InternalJobs;
import io.carillon.server.core.RetryPolicy;
import io.carillon.server.db.Database;
import io.carillon.server.db.DatabaseDialect;
import io.carillon.server.db.DatabaseMigrator;
import io.carillon.server.db.GroupCommitRunRecorder;
import io.carillon.server.metrics.LabelledMetrics;
import io.carillon.server.metrics.RunMetrics;
import io.carillon.server.notify.Notifier;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.quartz.TriggerBuilder;
import org.quartz.impl.JobExecutionContextImpl;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.TriggerFiredBundle;
import org.slf4j.MDC;

/**
 * The run listener on its own: what a run's start and end leave in {@code carillon_execution} (on a
 * real PostgreSQL, through the recorder the server uses), how a run's outcome becomes its status,
 * when a failure is tried again, and that Carillon's internal jobs leave no history. Time is a
 * settable clock; the Quartz scheduler is real but never started, so nothing fires by itself.
 */
class ExecutionListenerIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(ExecutionListenerIT.class);

  private static final Instant T0 = Instant.parse("2027-03-01T02:00:00Z");

  private final SettableClock clock = new SettableClock(T0);
  private Database database;
  private GroupCommitRunRecorder recorder;
  private Interrupts interrupts;
  private ExecutionListener listener;
  private Scheduler scheduler;
  private int fires;

  @BeforeEach
  void a_listener_recording_into_a_migrated_database() throws Exception {
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(DB.url());
    pool.setUsername(DB.user());
    pool.setPassword(DB.password());
    pool.setMaximumPoolSize(4);
    database = new Database(DatabaseDialect.POSTGRESQL, new HikariDataSource(pool));
    new DatabaseMigrator(database).migrate();
    DB.execute("DELETE FROM carillon_execution");
    recorder =
        new GroupCommitRunRecorder(
            database.dataSource(), DatabaseDialect.POSTGRESQL, "carillon", clock);
    interrupts = new Interrupts();
    MetricRegistry registry = new MetricRegistry();
    listener =
        new ExecutionListener(
            recorder,
            interrupts,
            new RunMetrics(new LabelledMetrics(registry)),
            Notifier.none(registry),
            "node-a",
            clock);
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", "listener-test-" + System.nanoTime());
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.threadPool.threadCount", "1");
    p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    scheduler = new StdSchedulerFactory(p).getScheduler();
  }

  @AfterEach
  void close() throws Exception {
    scheduler.shutdown(false);
    recorder.close();
    interrupts.close();
    database.dataSource().close();
  }

  @Test
  void a_run_is_running_from_its_start_and_ends_succeeded_with_its_result_and_output()
      throws Exception {
    JobExecutionContextImpl run = fire(job("etl", "extract", RetryPolicy.NONE), Map.of());

    listener.jobToBeExecuted(run);

    String id = run.getMergedJobDataMap().getString(JobDataKeys.EXECUTION_ID);
    assertThat(id).as("the job sees its execution id").isNotBlank();
    assertThat(MDC.get(ExecutionListener.MDC_EXECUTION)).isEqualTo(id);
    assertThat(row(id)).containsEntry("status", "RUNNING").containsEntry("started", "02:00:00");

    clock.advance(Duration.ofSeconds(7));
    run.setJobRunTime(7_000);
    run.setResult(new JobOutcome("3 rows\n", "{\"rows\":3}", false));
    listener.jobWasExecuted(run, null);

    assertThat(row(id))
        .containsEntry("status", "SUCCEEDED")
        .containsEntry("finished", "02:00:07")
        .containsEntry("duration_ms", "7000")
        .containsEntry("output", "3 rows\n")
        .containsEntry("result", "{\"rows\":3}")
        .containsEntry("error", null);
    assertThat(MDC.get(ExecutionListener.MDC_EXECUTION)).as("the worker's MDC is cleared").isNull();
  }

  @Test
  void the_id_the_api_handed_out_for_a_run_now_is_the_runs_id() throws Exception {
    JobExecutionContextImpl run =
        fire(
            job("etl", "extract", RetryPolicy.NONE),
            Map.of(JobDataKeys.EXECUTION_ID, "0f7c3d2e-0000-4000-8000-000000000001"));

    listener.jobToBeExecuted(run);
    listener.jobWasExecuted(run, null);

    assertThat(row("0f7c3d2e-0000-4000-8000-000000000001")).containsEntry("status", "SUCCEEDED");
  }

  @Test
  void a_failure_with_attempts_left_is_recorded_failed_and_tried_again_after_the_backoff()
      throws Exception {
    RetryPolicy twice = new RetryPolicy(2, Duration.ofMinutes(1), 1.0, Duration.ofMinutes(1));
    JobExecutionContextImpl run = fire(job("etl", "load", twice), Map.of());

    listener.jobToBeExecuted(run);
    String id = run.getMergedJobDataMap().getString(JobDataKeys.EXECUTION_ID);
    listener.jobWasExecuted(run, new JobExecutionException(new IllegalStateException("disk full")));

    assertThat(row(id))
        .containsEntry("status", "FAILED")
        .containsEntry("attempt", "1")
        .hasEntrySatisfying("error", error -> assertThat(error).contains("disk full"));
    List<OperableTrigger> retries = retryTriggers();
    assertThat(retries).hasSize(1);
    assertThat(retries.get(0).getStartTime()).isEqualTo(Date.from(T0.plusSeconds(60)));
    assertThat(retries.get(0).getJobDataMap().getString(JobDataKeys.ATTEMPT)).isEqualTo("2");
  }

  @Test
  void the_last_attempt_failing_is_not_tried_again() throws Exception {
    RetryPolicy twice = new RetryPolicy(2, Duration.ofMinutes(1), 1.0, Duration.ofMinutes(1));
    JobExecutionContextImpl run = fire(job("etl", "load", twice), Map.of(JobDataKeys.ATTEMPT, "2"));

    listener.jobToBeExecuted(run);
    String id = run.getMergedJobDataMap().getString(JobDataKeys.EXECUTION_ID);
    listener.jobWasExecuted(run, new JobExecutionException("still full"));

    assertThat(row(id)).containsEntry("status", "FAILED").containsEntry("attempt", "2");
    assertThat(retryTriggers()).isEmpty();
  }

  @Test
  void a_job_that_ends_by_being_interrupted_is_recorded_interrupted_not_failed() throws Exception {
    JobExecutionContextImpl run = fire(job("etl", "extract", RetryPolicy.NONE), Map.of());

    listener.jobToBeExecuted(run);
    String id = run.getMergedJobDataMap().getString(JobDataKeys.EXECUTION_ID);
    listener.jobWasExecuted(run, new JobExecutionException(new InterruptedException("stop")));

    assertThat(row(id)).containsEntry("status", "INTERRUPTED");
  }

  @Test
  void carillons_internal_jobs_leave_no_history() throws Exception {
    JobExecutionContextImpl run =
        fire(job(InternalJobs.GROUP, InternalJobs.CANARY, RetryPolicy.NONE), Map.of());

    listener.jobToBeExecuted(run);
    listener.jobWasExecuted(run, null);

    assertThat(DB.number("SELECT count(*) FROM carillon_execution")).isZero();
  }

  private JobDetail job(String group, String name, RetryPolicy retry) throws Exception {
    JobDetail job =
        JobBuilder.newJob(NoJob.class)
            .withIdentity(name, group)
            .storeDurably()
            .usingJobData(JobDataKeys.TYPE, "noop")
            .build();
    // The retry policy as JobService writes it into the job's data (RunPolicy's keys).
    job.getJobDataMap().put("carillon.retry.maxAttempts", Integer.toString(retry.maxAttempts()));
    job.getJobDataMap().put("carillon.retry.backoffMs", Long.toString(retry.backoff().toMillis()));
    job.getJobDataMap().put("carillon.retry.multiplier", Double.toString(retry.multiplier()));
    job.getJobDataMap()
        .put("carillon.retry.maxBackoffMs", Long.toString(retry.maxBackoff().toMillis()));
    scheduler.addJob(job, true);
    return job;
  }

  /** A fire of the job due now, with {@code data} on its trigger. */
  private JobExecutionContextImpl fire(JobDetail job, Map<String, String> data) {
    TriggerBuilder<?> builder =
        TriggerBuilder.newTrigger().withIdentity("fire-" + ++fires, job.getKey().getGroup());
    data.forEach(builder::usingJobData);
    OperableTrigger trigger = (OperableTrigger) builder.forJob(job).build();
    trigger.setFireInstanceId("fire-" + System.nanoTime());
    Date at = Date.from(clock.instant());
    return new JobExecutionContextImpl(
        scheduler,
        new TriggerFiredBundle(job, trigger, null, false, at, at, null, null),
        new NoJob());
  }

  private List<OperableTrigger> retryTriggers() throws Exception {
    return scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals("carillon-retry")).stream()
        .map(
            key -> {
              try {
                return (OperableTrigger) scheduler.getTrigger(key);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }

  /** The execution's row, the times as UTC hh:mm:ss. */
  private Map<String, String> row(String id) {
    String[] columns = {
      "status", "started", "finished", "duration_ms", "attempt", "output", "result", "error"
    };
    String select =
        "SELECT concat_ws(chr(31), status,"
            + " coalesce(to_char(started_at AT TIME ZONE 'UTC', 'HH24:MI:SS'), chr(30)),"
            + " coalesce(to_char(finished_at AT TIME ZONE 'UTC', 'HH24:MI:SS'), chr(30)),"
            + " coalesce(duration_ms::text, chr(30)), attempt::text, coalesce(output, chr(30)),"
            + " coalesce(result::text, chr(30)), coalesce(error, chr(30)))"
            + " FROM carillon_execution WHERE id = ?";
    List<String> rows = DB.strings(select, id);
    assertThat(rows).as("the execution " + id).hasSize(1);
    String[] values = rows.get(0).split(String.valueOf((char) 31), -1);
    Map<String, String> row = new HashMap<>();
    for (int i = 0; i < columns.length; i++) {
      row.put(columns[i], String.valueOf((char) 30).equals(values[i]) ? null : values[i]);
    }
    return row;
  }

  /** The job the fires are of; never run here. */
  public static final class NoJob implements Job {
    @Override
    public void execute(JobExecutionContext context) {}
  }
}

package io.carillon.server.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.carillon.server.common.Caller;
import io.carillon.server.common.Overlap;
import io.carillon.server.common.Role;
import io.carillon.server.common.Source;
import io.carillon.server.core.JobAudit;
import io.carillon.server.core.JobService;
import io.carillon.server.core.Requests;
import io.carillon.server.core.definition.JobRequest;
import io.carillon.server.core.schedule.MisfirePolicy;
import io.carillon.server.core.schedule.ScheduleSpec;
import io.carillon.server.db.DatabaseDialect;
import io.carillon.server.db.ExecutionDao;
import io.carillon.server.db.GroupCommitRunRecorder;
import io.carillon.server.metrics.LabelledMetrics;
import io.carillon.server.metrics.RunMetrics;
import io.carillon.server.quartz.schema.FiredTriggerDao;
import io.carillon.server.testing.ClusterRows;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.SettableClock;
import io.carillon.server.testing.UnstartedNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.JobExecutionContextImpl;
import org.quartz.jobs.NoOpJob;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.TriggerFiredBundle;

/**
 * What a fire does when its job is already running somewhere in the cluster, decided by the job's
 * {@code overlap} as stored in Quartz: the fires are Quartz's rows in {@code qrtz_fired_triggers},
 * the runs Carillon's in {@code carillon_execution}, on the real store and a settable clock.
 */
class OverlapListenerIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(OverlapListenerIT.class);

  private static final String CLUSTER = "overlap";
  private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
  private static final UnstartedNode NODE = UnstartedNode.on(DB, CLUSTER);
  private static final ClusterRows ROWS = new ClusterRows(DB, CLUSTER);
  private static final JobAudit BY_ADMIN =
      JobAudit.by(new Caller("k", "admin", Role.ADMIN), row -> row.job().version());

  private final SettableClock clock = new SettableClock(T0);
  private final MetricRegistry registry = new MetricRegistry();
  private final JobService jobs = NODE.jobs(clock);
  private GroupCommitRunRecorder records;

  @AfterAll
  static void close() {
    ROWS.close();
    NODE.close();
  }

  @BeforeEach
  void empty() {
    NODE.empty(DB);
    DB.execute("DELETE FROM qrtz_fired_triggers");
    records =
        new GroupCommitRunRecorder(
            NODE.database().dataSource(), DatabaseDialect.POSTGRESQL, CLUSTER, clock);
  }

  @AfterEach
  void stopRecording() {
    records.close();
  }

  @Test
  void a_skip_fire_that_finds_an_older_fire_running_elsewhere_is_vetoed_and_recorded_skipped() {
    JobDetail job = job("skipper", Overlap.SKIP);
    fired("on-node-b", "node-b", job.getKey(), T0.minusSeconds(30));
    fired("mine", "test-node", job.getKey(), T0);

    assertThat(listener().vetoJobExecution(null, context(job, "mine"))).isTrue();

    await("the SKIPPED row")
        .atMost(Duration.ofSeconds(10))
        .until(() -> DB.number("SELECT count(*) FROM carillon_execution") == 1);
    assertThat(
            DB.strings(
                "SELECT status || ' ' || fire_id || ' ' || node_id || ' ' || error"
                    + " FROM carillon_execution WHERE job_name = 'skipper'"))
        .containsExactly(
            "SKIPPED mine test-node skipped: the job was still running (overlap: skip)");
    assertThat(skippedCount()).isEqualTo(1);
  }

  @Test
  void of_two_skip_fires_racing_the_older_goes_ahead_and_a_tie_goes_to_the_lower_fire_id() {
    JobDetail job = job("racer", Overlap.SKIP);
    fired("a-first", "node-b", job.getKey(), T0);
    fired("b-second", "test-node", job.getKey(), T0);
    fired("c-later", "node-c", job.getKey(), T0.plusSeconds(1));

    assertThat(listener().vetoJobExecution(null, context(job, "a-first"))).isFalse();
    assertThat(listener().vetoJobExecution(null, context(job, "b-second"))).isTrue();
    assertThat(listener().vetoJobExecution(null, context(job, "c-later"))).isTrue();
  }

  @Test
  void a_skip_fire_is_not_held_back_by_other_jobs_running() {
    JobDetail job = job("alone", Overlap.SKIP);
    fired("other-job", "node-b", JobKey.jobKey("someone-else", "o"), T0.minusSeconds(30));
    fired("mine", "test-node", job.getKey(), T0);

    assertThat(listener().vetoJobExecution(null, context(job, "mine"))).isFalse();
  }

  @Test
  void allow_and_queue_fires_are_never_vetoed_here_queue_is_held_by_quartz_instead() {
    for (Overlap overlap : new Overlap[] {Overlap.ALLOW, Overlap.QUEUE}) {
      JobDetail job = job("run-" + overlap.json(), overlap);
      fired("older-" + overlap.json(), "node-b", job.getKey(), T0.minusSeconds(30));
      fired("mine-" + overlap.json(), "test-node", job.getKey(), T0);

      assertThat(listener().vetoJobExecution(null, context(job, "mine-" + overlap.json())))
          .as(overlap.json())
          .isFalse();
      assertThat(job.isConcurrentExecutionDisallowed())
          .as(overlap.json())
          .isEqualTo(overlap == Overlap.QUEUE);
    }
  }

  @Test
  void a_replace_fire_asks_the_jobs_other_runs_to_stop_and_starts() {
    JobDetail job = job("replacer", Overlap.REPLACE);
    String running = ROWS.running("node-b", "o", "replacer", T0.minusSeconds(30));
    String unrelated = ROWS.running("node-b", "o", "someone-else", T0.minusSeconds(30));
    String own = ROWS.running("test-node", "o", "replacer", T0);
    DB.execute("UPDATE carillon_execution SET fire_id = 'mine' WHERE id = ?", own);
    clock.advance(Duration.ofSeconds(5));

    assertThat(listener().vetoJobExecution(null, context(job, "mine"))).isFalse();

    assertThat(interruptRequestedAt(running)).isEqualTo(clock.instant().toString());
    assertThat(interruptRequestedAt(own)).as("this fire's own run").isNull();
    assertThat(interruptRequestedAt(unrelated)).as("another job's run").isNull();
  }

  @Test
  void a_skip_fire_runs_when_the_database_cannot_be_asked() {
    JobDetail job = job("unasked", Overlap.SKIP);
    fired("on-node-b", "node-b", job.getKey(), T0.minusSeconds(30));
    fired("mine", "test-node", job.getKey(), T0);
    HikariDataSource closed = pool();
    closed.close();

    assertThat(listener(closed).vetoJobExecution(null, context(job, "mine"))).isFalse();
    assertThat(skippedCount()).isZero();
  }

  @Test
  void a_misfire_is_counted_against_the_job_and_recorded_skipped_only_when_the_policy_drops_it()
      throws Exception {
    job("dropping", Overlap.ALLOW, MisfirePolicy.SKIP);
    job("catching", Overlap.ALLOW, MisfirePolicy.FIRE_NOW);
    OverlapListener listener = listener();

    for (String name : new String[] {"dropping", "catching"}) {
      listener.triggerMisfired(NODE.scheduler().getTrigger(TriggerKey.triggerKey(name, "o")));
    }

    await("both misfires counted")
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                DB.strings("SELECT job_name || ' ' || misfires FROM carillon_job ORDER BY 1")
                    .equals(List.of("catching 1", "dropping 1")));
    assertThat(
            DB.strings("SELECT job_name || ' ' || status || ' ' || error FROM carillon_execution"))
        .containsExactly(
            "dropping SKIPPED misfired: the fire time passed while no node could run it"
                + " (misfire: skip)");
  }

  /** The job as JobService stores it in Quartz, with its overlap policy in the job data. */
  private JobDetail job(String name, Overlap overlap) {
    return job(name, overlap, null);
  }

  private JobDetail job(String name, Overlap overlap, MisfirePolicy misfire) {
    JobRequest request =
        Requests.noop("o", name, null, ScheduleSpec.every("PT1H"), misfire, overlap);
    jobs.create(request, Source.API, BY_ADMIN);
    try {
      return NODE.scheduler().getJobDetail(JobKey.jobKey(name, "o"));
    } catch (SchedulerException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fire as Quartz records it while its job executes on {@code node}. */
  private static void fired(String fireId, String node, JobKey job, Instant at) {
    DB.execute(
        "INSERT INTO qrtz_fired_triggers (sched_name, entry_id, trigger_name, trigger_group,"
            + " instance_name, fired_time, sched_time, priority, state, job_name, job_group,"
            + " is_nonconcurrent, requests_recovery)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, 5, 'EXECUTING', ?, ?, false, false)",
        CLUSTER,
        fireId,
        job.getName(),
        job.getGroup(),
        node,
        at.toEpochMilli(),
        at.toEpochMilli(),
        job.getName(),
        job.getGroup());
  }

  private JobExecutionContext context(JobDetail job, String fireId) {
    OperableTrigger trigger =
        (OperableTrigger) TriggerBuilder.newTrigger().forJob(job).startAt(Date.from(T0)).build();
    trigger.setFireInstanceId(fireId);
    TriggerFiredBundle bundle =
        new TriggerFiredBundle(job, trigger, null, false, Date.from(T0), Date.from(T0), null, null);
    return new JobExecutionContextImpl(NODE.scheduler(), bundle, new NoOpJob());
  }

  private OverlapListener listener() {
    return listener(NODE.database().dataSource());
  }

  private OverlapListener listener(DataSource pool) {
    return new OverlapListener(
        new FiredTriggerDao(pool, CLUSTER),
        new ExecutionDao(pool, CLUSTER),
        records,
        new RunMetrics(new LabelledMetrics(registry)),
        "test-node",
        clock);
  }

  private long skippedCount() {
    return registry.getCounters().entrySet().stream()
        .filter(
            e -> e.getKey().startsWith("carillon.runs{") && e.getKey().contains("status=skipped"))
        .mapToLong(e -> e.getValue().getCount())
        .sum();
  }

  private static String interruptRequestedAt(String executionId) {
    return DB.strings(
            "SELECT to_char(interrupt_requested_at AT TIME ZONE 'UTC',"
                + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM carillon_execution WHERE id = ?",
            executionId)
        .get(0);
  }

  private static HikariDataSource pool() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(DB.url());
    config.setUsername(DB.user());
    config.setPassword(DB.password());
    config.setMaximumPoolSize(1);
    return new HikariDataSource(config);
  }
}

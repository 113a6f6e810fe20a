package io.carillon.server.quartz.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.quartz.JobBuilder.newJob;
import static org.quartz.SimpleScheduleBuilder.simpleSchedule;
import static org.quartz.TriggerBuilder.newTrigger;

import io.carillon.server.CarillonApplication;
import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.RunLog;
import io.carillon.server.testing.RunLog.Run;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quartz.Job;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * What every job store Carillon runs must do, as Quartz's users rely on it; run once per store by
 * subclasses (as JobRunr runs one storage contract against every storage provider). Runs are
 * counted by the jobs themselves ({@link RunLog}), never by the store.
 */
abstract class JobStoreContract {
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  abstract DropwizardAppExtension<CarillonConfiguration> app();

  abstract PostgresDatabase db();

  /** The store class the subclass configured, to prove the test runs against it. */
  abstract String storeClass();

  @BeforeAll
  static void forgetRunsOfOtherStores() {
    RunLog.clear();
  }

  private Scheduler scheduler() {
    return app().<CarillonApplication>getApplication().scheduler();
  }

  @Test
  void runs_against_the_store_it_names() throws Exception {
    assertThat(scheduler().getMetaData().getJobStoreClass().getName()).isEqualTo(storeClass());
  }

  @Test
  void each_of_many_one_shot_triggers_due_at_once_fires_exactly_once() throws Exception {
    String group = "once";
    int jobs = 300;
    Date now = new Date();
    for (int i = 0; i < jobs; i++) {
      JobDetail job = job(RunLog.Concurrent.class, group, "j" + i).build();
      scheduler().scheduleJob(job, newTrigger().forJob(job).startAt(now).build());
    }

    await().atMost(PATIENCE).until(() -> RunLog.of(group).size() >= jobs && settled(group));

    assertThat(RunLog.of(group)).hasSize(jobs);
    assertThat(RunLog.of(group).stream().map(Run::job).distinct()).hasSize(jobs);
    assertThat(db().number("SELECT count(*) FROM qrtz_triggers WHERE job_group = 'once'"))
        .as("one-shot triggers deleted after their run")
        .isZero();
  }

  @Test
  void a_non_concurrent_job_queues_every_fire_and_never_overlaps_itself() throws Exception {
    String group = "queue";
    JobDetail job = job(RunLog.NonConcurrent.class, group, "q").storeDurably().build();
    job.getJobDataMap().put(RunLog.WORK_MILLIS, "15");
    scheduler().addJob(job, false);
    int triggers = 3;
    int firesEach = 5;
    for (int t = 0; t < triggers; t++) {
      scheduler()
          .scheduleJob(
              newTrigger()
                  .withIdentity("t" + t, group)
                  .forJob(job)
                  .startNow()
                  .withSchedule(
                      simpleSchedule()
                          .withIntervalInMilliseconds(10)
                          .withRepeatCount(firesEach - 1))
                  .build());
    }

    await()
        .atMost(PATIENCE)
        .until(() -> RunLog.of(group).size() >= triggers * firesEach && settled(group));

    List<Run> runs = RunLog.of(group);
    assertThat(runs).as("every fire ran, one after the other").hasSize(triggers * firesEach);
    for (Run a : runs) {
      for (Run b : runs) {
        assertThat(a != b && a.overlaps(b)).as("%s overlaps %s", a, b).isFalse();
      }
    }
    assertThat(db().number("SELECT count(*) FROM qrtz_triggers WHERE job_group = 'queue'"))
        .as("no trigger left behind, BLOCKED or otherwise")
        .isZero();
  }

  @Test
  void a_missed_one_shot_fire_with_fire_now_runs_once_at_once() throws Exception {
    String group = "fire-now";
    JobDetail job = job(RunLog.Concurrent.class, group, "late").build();
    scheduler()
        .scheduleJob(
            job,
            newTrigger()
                .forJob(job)
                .startAt(Date.from(Instant.now().minusSeconds(60)))
                .withSchedule(simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build());

    await().atMost(PATIENCE).until(() -> !RunLog.of(group).isEmpty() && settled(group));

    Run run = RunLog.of(group).get(0);
    assertThat(RunLog.of(group)).hasSize(1);
    assertThat(run.scheduled())
        .as("the misfire moved it to now")
        .isAfter(Instant.now().minusSeconds(50));
  }

  @Test
  void a_missed_fire_with_skip_does_not_run() throws Exception {
    String group = "skip";
    JobDetail job = job(RunLog.Concurrent.class, group, "late").storeDurably().build();
    Trigger trigger =
        newTrigger()
            .withIdentity("late", group)
            .forJob(job)
            .startAt(Date.from(Instant.now().minusSeconds(60)))
            .withSchedule(simpleSchedule().withMisfireHandlingInstructionNextWithRemainingCount())
            .build();
    scheduler().scheduleJob(job, trigger);

    await()
        .atMost(PATIENCE)
        .until(
            () ->
                scheduler().getTriggerState(trigger.getKey()) == Trigger.TriggerState.COMPLETE
                    || !scheduler().checkExists(trigger.getKey()));

    assertThat(RunLog.of(group)).as("the missed fire was skipped").isEmpty();
  }

  @Test
  void a_missed_repeating_trigger_with_skip_counts_the_fires_it_skipped() throws Exception {
    String group = "skip-count";
    // Whole seconds, as Quartz keeps milliseconds: the fire times are then exact multiples.
    Instant start =
        Instant.now().minusSeconds(65).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    JobDetail job = job(RunLog.Concurrent.class, group, "behind").storeDurably().build();
    Trigger trigger =
        newTrigger()
            .withIdentity("behind", group)
            .forJob(job)
            .startAt(Date.from(start))
            .withSchedule(
                simpleSchedule()
                    .withIntervalInSeconds(30)
                    .withRepeatCount(9)
                    .withMisfireHandlingInstructionNextWithRemainingCount())
            .build();
    scheduler().scheduleJob(job, trigger);

    await()
        .atMost(PATIENCE)
        .until(() -> scheduler().getTrigger(trigger.getKey()).getNextFireTime().after(new Date()));

    SimpleTrigger stored = (SimpleTrigger) scheduler().getTrigger(trigger.getKey());
    // Handled within 25 s, the next fire is the one at +90 s and three (-65, -35, -5 s) were
    // missed; on a slower machine one more of each: the count follows the next fire time.
    long missed = Duration.between(start, stored.getNextFireTime().toInstant()).toSeconds() / 30;
    assertThat(missed).as("fires skipped before the next one").isGreaterThanOrEqualTo(3);
    assertThat(stored.getNextFireTime()).isEqualTo(Date.from(start.plusSeconds(30 * missed)));
    assertThat(stored.getTimesTriggered())
        .as("the missed fires count against the repeat count")
        .isEqualTo((int) missed);
    assertThat(RunLog.of(group)).as("the missed fires were skipped").isEmpty();
  }

  @Test
  void a_missed_repeating_trigger_that_ignores_misfires_catches_up_every_fire() throws Exception {
    String group = "catch-up";
    Instant start =
        Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    JobDetail job = job(RunLog.Concurrent.class, group, "behind").build();
    scheduler()
        .scheduleJob(
            job,
            newTrigger()
                .forJob(job)
                .startAt(Date.from(start))
                .withSchedule(
                    simpleSchedule()
                        .withIntervalInSeconds(1)
                        .withRepeatCount(4)
                        .withMisfireHandlingInstructionIgnoreMisfires())
                .build());

    await().atMost(PATIENCE).until(() -> RunLog.of(group).size() >= 5 && settled(group));

    assertThat(RunLog.of(group).stream().map(Run::scheduled).collect(Collectors.toSet()))
        .as("each missed time ran for itself")
        .isEqualTo(
            IntStream.range(0, 5).mapToObj(s -> start.plusSeconds(s)).collect(Collectors.toSet()));
    assertThat(RunLog.of(group)).hasSize(5);
  }

  @Test
  void nothing_fires_after_pause_all_returns_and_resume_all_fires_the_rest_once() throws Exception {
    String group = "pause";
    int jobs = 400;
    Date now = new Date();
    try {
      for (int i = 0; i < jobs; i++) {
        JobDetail job = job(RunLog.Concurrent.class, group, "p" + i).build();
        job.getJobDataMap().put(RunLog.WORK_MILLIS, "2");
        scheduler().scheduleJob(job, newTrigger().forJob(job).startAt(now).build());
      }
      await().atMost(PATIENCE).until(() -> RunLog.of(group).size() >= 20);

      scheduler().pauseAll();
      Instant pausedAt = Instant.now();
      await().atMost(PATIENCE).until(() -> RunLog.running() == 0);

      assertThat(RunLog.of(group))
          .as("fired before pause-all returned")
          .allMatch(run -> !run.fired().isAfter(pausedAt));
    } finally {
      scheduler().resumeAll();
    }

    await().atMost(PATIENCE).until(() -> RunLog.of(group).size() >= jobs && settled(group));
    assertThat(RunLog.of(group)).hasSize(jobs);
    assertThat(RunLog.of(group).stream().map(Run::job).distinct()).hasSize(jobs);
  }

  @Test
  void a_deleted_job_fires_no_more() throws Exception {
    String group = "delete";
    JobDetail job = job(RunLog.Concurrent.class, group, "doomed").build();
    scheduler()
        .scheduleJob(
            job,
            newTrigger()
                .forJob(job)
                .startNow()
                .withSchedule(simpleSchedule().withIntervalInMilliseconds(20).repeatForever())
                .build());
    await().atMost(PATIENCE).until(() -> RunLog.of(group).size() >= 3);

    assertThat(scheduler().deleteJob(job.getKey())).isTrue();
    Instant deletedAt = Instant.now();
    await().atMost(PATIENCE).until(() -> settled(group));

    assertThat(RunLog.of(group)).allMatch(run -> !run.fired().isAfter(deletedAt));
    assertThat(scheduler().checkExists(job.getKey())).isFalse();
  }

  @Test
  void a_run_that_unschedules_all_its_jobs_triggers_completes_them() throws Exception {
    String group = "unschedule-all";
    JobDetail job = job(RunLog.NonConcurrent.class, group, "stopper").storeDurably().build();
    job.getJobDataMap().put(RunLog.UNSCHEDULE, "all");
    scheduler().addJob(job, false);
    Set<Trigger> triggers = Set.of(repeating(group, "a", job), repeating(group, "b", job));
    for (Trigger trigger : triggers) {
      scheduler().scheduleJob(trigger);
    }

    await()
        .atMost(PATIENCE)
        .until(
            () ->
                triggers.stream().allMatch(t -> state(t) == Trigger.TriggerState.COMPLETE)
                    && settled(group));

    assertThat(RunLog.of(group)).hasSize(1);
  }

  @Test
  void a_run_that_unschedules_its_trigger_completes_only_that_one() throws Exception {
    String group = "unschedule-one";
    JobDetail job = job(RunLog.NonConcurrent.class, group, "stopper").storeDurably().build();
    job.getJobDataMap().put(RunLog.UNSCHEDULE, "one");
    Trigger trigger = repeating(group, "a", job);
    scheduler().scheduleJob(job, trigger);

    await()
        .atMost(PATIENCE)
        .until(() -> state(trigger) == Trigger.TriggerState.COMPLETE && settled(group));

    assertThat(RunLog.of(group)).hasSize(1);
  }

  @Test
  void a_non_durable_job_goes_with_its_last_trigger() throws Exception {
    String group = "non-durable";
    JobDetail job = job(RunLog.Concurrent.class, group, "brief").build();
    scheduler().scheduleJob(job, newTrigger().forJob(job).startNow().build());

    await().atMost(PATIENCE).until(() -> RunLog.of(group).size() == 1 && settled(group));

    assertThat(scheduler().checkExists(job.getKey())).isFalse();
  }

  @Test
  void triggers_stored_in_a_paused_group_start_paused_and_fire_once_resumed() throws Exception {
    String group = "paused-group";
    JobDetail durable = job(RunLog.Concurrent.class, group, "durable").storeDurably().build();
    scheduler().addJob(durable, false);
    scheduler().pauseTriggers(GroupMatcher.triggerGroupEquals(group));
    JobDetail fresh = job(RunLog.Concurrent.class, group, "fresh").build();
    Trigger withJob = newTrigger().withIdentity("with-job", group).forJob(fresh).startNow().build();
    Trigger added = newTrigger().withIdentity("added", group).forJob(durable).startNow().build();

    scheduler().scheduleJob(fresh, withJob);
    scheduler().scheduleJob(added);

    assertThat(state(withJob)).isEqualTo(Trigger.TriggerState.PAUSED);
    assertThat(state(added)).isEqualTo(Trigger.TriggerState.PAUSED);
    assertThat(RunLog.of(group)).isEmpty();

    scheduler().resumeTriggers(GroupMatcher.triggerGroupEquals(group));
    await().atMost(PATIENCE).until(() -> RunLog.of(group).size() >= 2 && settled(group));
    assertThat(RunLog.of(group).stream().map(Run::job))
        .containsExactlyInAnyOrder("fresh", "durable");
  }

  @Test
  void a_trigger_stored_while_all_is_paused_starts_paused_in_its_new_group() throws Exception {
    String group = "paused-all";
    JobDetail job = job(RunLog.Concurrent.class, group, "new").build();
    Trigger trigger = newTrigger().withIdentity("new", group).forJob(job).startNow().build();
    try {
      scheduler().pauseAll();
      scheduler().scheduleJob(job, trigger);

      assertThat(state(trigger)).isEqualTo(Trigger.TriggerState.PAUSED);
      assertThat(scheduler().getPausedTriggerGroups()).contains(group);
    } finally {
      scheduler().resumeAll();
    }
    await().atMost(PATIENCE).until(() -> RunLog.of(group).size() >= 1 && settled(group));
    assertThat(RunLog.of(group)).hasSize(1);
  }

  @Test
  void a_new_trigger_of_a_running_non_concurrent_job_starts_blocked_and_runs_after()
      throws Exception {
    String group = "blocked-new";
    JobDetail job = job(RunLog.NonConcurrent.class, group, "long").storeDurably().build();
    job.getJobDataMap().put(RunLog.WORK_MILLIS, "3000");
    scheduler().addJob(job, false);
    scheduler()
        .scheduleJob(newTrigger().withIdentity("first", group).forJob(job).startNow().build());
    await().atMost(PATIENCE).until(() -> RunLog.running() == 1);

    Trigger second = newTrigger().withIdentity("second", group).forJob(job).startNow().build();
    scheduler().scheduleJob(second);
    Trigger.TriggerState stored = state(second);

    await().atMost(PATIENCE).until(() -> RunLog.of(group).size() >= 2 && settled(group));
    assertThat(stored)
        .as("stored while the first run was in flight")
        .isEqualTo(Trigger.TriggerState.BLOCKED);
    List<Run> runs = RunLog.of(group);
    assertThat(runs).hasSize(2);
    assertThat(runs.get(0).overlaps(runs.get(1))).isFalse();
  }

  private static org.quartz.JobBuilder job(Class<? extends Job> type, String group, String name) {
    return newJob(type).withIdentity(JobKey.jobKey(name, group));
  }

  private static SimpleTrigger repeating(String group, String name, JobDetail job) {
    return newTrigger()
        .withIdentity(name, group)
        .forJob(job)
        .startNow()
        .withSchedule(simpleSchedule().withIntervalInMilliseconds(50).repeatForever())
        .build();
  }

  private Trigger.TriggerState state(Trigger trigger) {
    try {
      return scheduler().getTriggerState(trigger.getKey());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** No run of the group in flight: no fired-trigger row left for its jobs. */
  private boolean settled(String group) {
    return RunLog.running() == 0
        && db().number(
                    "SELECT count(*) FROM qrtz_fired_triggers WHERE job_group = '"
                        + group
                        + "' OR trigger_group = '"
                        + group
                        + "'")
            == 0;
  }
}

package io.carillon.server.quartz;

import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.jobs.quartz.JobDataKeys;
import io.carillon.server.common.TriggerKind;
import io.carillon.server.core.RetryPolicy;
import io.carillon.server.core.RunPolicy;
import io.carillon.server.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.JobExecutionContextImpl;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.TriggerFiredBundle;

/**
 * The next attempt of a failed run: due after the policy's wait from the injected clock, numbered
 * one up, carrying the run's overrides; none after the last attempt. Against a real (in-memory,
 * never started) Quartz scheduler, which stores the retry trigger as the cluster's would.
 */
class RetriesTest {
  private static final Instant NOW = Instant.parse("2027-05-04T10:00:00Z");
  private static final RetryPolicy THREE_TRIES =
      new RetryPolicy(3, Duration.ofSeconds(30), 2.0, Duration.ofMinutes(10));

  private final SettableClock clock = new SettableClock(NOW);
  private final Retries retries = new Retries(clock);
  private Scheduler scheduler;
  private JobDetail job;

  @BeforeEach
  void a_scheduler_with_one_job() throws Exception {
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", "retries-test-" + System.nanoTime());
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.threadPool.threadCount", "1");
    p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    scheduler = new StdSchedulerFactory(p).getScheduler();
    job = JobBuilder.newJob(NoJob.class).withIdentity("nightly", "etl").storeDurably().build();
    scheduler.addJob(job, false);
  }

  @AfterEach
  void stop() throws Exception {
    scheduler.shutdown(false);
  }

  @Test
  void a_failed_first_attempt_is_tried_again_after_the_wait_as_attempt_two_with_its_overrides()
      throws Exception {
    JobExecutionContext failed = fired(null, "{\"rows\":5}");

    assertThat(retries.afterFailure(failed, THREE_TRIES)).isTrue();

    Trigger retry = scheduler.getTrigger(TriggerKey.triggerKey("run-1-retry", "carillon-retry"));
    assertThat(retry.getJobKey()).isEqualTo(job.getKey());
    assertThat(retry.getStartTime()).isEqualTo(Date.from(NOW.plusSeconds(30)));
    assertThat(retry.getJobDataMap().getString(JobDataKeys.ATTEMPT)).isEqualTo("2");
    assertThat(retry.getJobDataMap().getString(RunPolicy.TRIGGER_KIND))
        .isEqualTo(TriggerKind.RETRY.json());
    assertThat(retry.getJobDataMap().getString(JobDataKeys.PARAMS)).isEqualTo("{\"rows\":5}");
  }

  @Test
  void the_wait_grows_with_each_attempt_and_counts_from_the_clock_at_the_failure()
      throws Exception {
    clock.advance(Duration.ofHours(1));

    assertThat(retries.afterFailure(fired("2", null), THREE_TRIES)).isTrue();

    Trigger retry = scheduler.getTrigger(TriggerKey.triggerKey("run-1-retry", "carillon-retry"));
    assertThat(retry.getStartTime())
        .isEqualTo(Date.from(NOW.plus(Duration.ofHours(1)).plusSeconds(60)));
    assertThat(retry.getJobDataMap().getString(JobDataKeys.ATTEMPT)).isEqualTo("3");
    assertThat(retry.getJobDataMap().containsKey(JobDataKeys.PARAMS)).isFalse();
  }

  @Test
  void the_last_attempt_is_not_tried_again() throws Exception {
    assertThat(retries.afterFailure(fired("3", null), THREE_TRIES)).isFalse();
    assertThat(retries.afterFailure(fired(null, null), RetryPolicy.NONE)).isFalse();

    assertThat(scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals("carillon-retry")))
        .isEmpty();
  }

  /** The context of a fire of the job, as attempt {@code attempt} (null: the first). */
  private JobExecutionContext fired(String attempt, String params) {
    TriggerBuilder<Trigger> builder =
        TriggerBuilder.newTrigger()
            .withIdentity("fire", "etl")
            .forJob(job)
            .usingJobData(JobDataKeys.EXECUTION_ID, "run-1");
    if (attempt != null) {
      builder.usingJobData(JobDataKeys.ATTEMPT, attempt);
    }
    if (params != null) {
      builder.usingJobData(JobDataKeys.PARAMS, params);
    }
    OperableTrigger trigger = (OperableTrigger) builder.build();
    Date at = Date.from(clock.instant());
    return new JobExecutionContextImpl(
        scheduler,
        new TriggerFiredBundle(job, trigger, null, false, at, at, null, null),
        new NoJob());
  }

  /** The job the fires are of; never run here. */
  public static final class NoJob implements Job {
    @Override
    public void execute(JobExecutionContext context) {}
  }
}

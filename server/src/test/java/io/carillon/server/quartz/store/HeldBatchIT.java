package io.carillon.server.quartz.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.server.testing.PostgresDatabase;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.TriggerFiredResult;

/**
 * The store's acquire-and-fire in one transaction, driven as Quartz's scheduler thread drives it: a
 * batch due now is fired and committed once, and a batch Quartz never fires (its thread stopped in
 * between) leaves its triggers WAITING with no fired rows, as if never acquired.
 */
class HeldBatchIT {
  @RegisterExtension static final PostgresDatabase DB = PostgresDatabase.create(HeldBatchIT.class);

  private static final String DATA_SOURCE = "held-batch-it";

  private StoreNodes nodes;
  private SetBasedJobStore store;

  /** The job class is never run here: the scheduler thread is the test. */
  public static final class Idle implements Job {
    @Override
    public void execute(org.quartz.JobExecutionContext context) {}
  }

  @BeforeEach
  void start() throws Exception {
    nodes = new StoreNodes(DB, DATA_SOURCE, 6);
    // One database for the class: each test starts from no triggers.
    DB.execute(
        "TRUNCATE qrtz_fired_triggers, qrtz_simple_triggers, qrtz_triggers, qrtz_job_details"
            + " CASCADE");
    store = nodes.start("held", "node-held");
  }

  @AfterEach
  void stop() {
    nodes.close();
  }

  private void storeDueNow(String name) throws Exception {
    storeDueAt(name, System.currentTimeMillis() - 100);
  }

  private void storeDueAt(String name, long at) throws Exception {
    JobDetail job =
        JobBuilder.newJob(Idle.class).withIdentity(JobKey.jobKey(name, "g")).storeDurably().build();
    Trigger trigger =
        TriggerBuilder.newTrigger()
            .withIdentity(TriggerKey.triggerKey(name, "g"))
            .forJob(job)
            .startAt(new Date(at))
            .withSchedule(SimpleScheduleBuilder.simpleSchedule())
            .build();
    OperableTrigger operable = (OperableTrigger) trigger;
    operable.computeFirstFireTime(null);
    store.storeJobAndTrigger(job, operable);
  }

  private long count(String sql) {
    return DB.number(sql);
  }

  @Test
  void a_batch_due_now_is_fired_in_its_acquisitions_transaction() throws Exception {
    storeDueNow("one");
    storeDueNow("two");

    List<OperableTrigger> acquired =
        store.acquireNextTriggers(System.currentTimeMillis() + 5_000, 10, 0);
    assertThat(acquired).hasSize(2);
    // Held, not committed: another session still sees the triggers as they were.
    assertThat(count("SELECT count(*) FROM qrtz_triggers WHERE trigger_state = 'WAITING'"))
        .isEqualTo(2);
    assertThat(count("SELECT count(*) FROM qrtz_fired_triggers")).isZero();

    List<TriggerFiredResult> fired = store.triggersFired(acquired);

    assertThat(fired).allSatisfy(result -> assertThat(result.getTriggerFiredBundle()).isNotNull());
    assertThat(count("SELECT count(*) FROM qrtz_fired_triggers WHERE state = 'EXECUTING'"))
        .isEqualTo(2);
    assertThat(count("SELECT count(*) FROM qrtz_triggers WHERE trigger_state = 'COMPLETE'"))
        .isEqualTo(2);
  }

  @Test
  void a_held_batch_quartz_never_fires_is_rolled_back_at_shutdown() throws Exception {
    storeDueNow("stranded");

    assertThat(store.acquireNextTriggers(System.currentTimeMillis() + 5_000, 10, 0)).hasSize(1);
    nodes.stop(store);

    assertThat(count("SELECT count(*) FROM qrtz_triggers WHERE trigger_state = 'WAITING'"))
        .isEqualTo(1);
    assertThat(count("SELECT count(*) FROM qrtz_fired_triggers")).isZero();
  }

  @Test
  void a_held_batch_is_rolled_back_before_the_next_acquisition_takes_it_again() throws Exception {
    storeDueNow("again");

    List<OperableTrigger> first =
        store.acquireNextTriggers(System.currentTimeMillis() + 5_000, 10, 0);
    List<OperableTrigger> second =
        store.acquireNextTriggers(System.currentTimeMillis() + 5_000, 10, 0);

    assertThat(first).hasSize(1);
    assertThat(second).extracting(OperableTrigger::getKey).containsExactly(first.get(0).getKey());
    store.triggersFired(second);
    assertThat(count("SELECT count(*) FROM qrtz_fired_triggers")).isEqualTo(1);
  }

  @Test
  void a_batch_due_within_the_hold_window_is_held_and_a_later_one_committed() throws Exception {
    storeDueAt("soon", System.currentTimeMillis() + FiringPath.HOLD_WITHIN_MS / 2);
    storeDueAt("later", System.currentTimeMillis() + 5_000);

    List<OperableTrigger> soon =
        store.acquireNextTriggers(System.currentTimeMillis() + 10_000, 10, 0);
    assertThat(soon).extracting(t -> t.getKey().getName()).containsExactly("soon");
    assertThat(count("SELECT count(*) FROM qrtz_fired_triggers")).as("held").isZero();
    store.triggersFired(soon);

    List<OperableTrigger> later =
        store.acquireNextTriggers(System.currentTimeMillis() + 10_000, 10, 0);
    assertThat(later).extracting(t -> t.getKey().getName()).containsExactly("later");
    assertThat(count("SELECT count(*) FROM qrtz_fired_triggers WHERE state = 'ACQUIRED'"))
        .as("committed at once: Quartz waits seconds before it fires")
        .isEqualTo(1);
  }

  @Test
  void releasing_a_trigger_of_the_held_batch_rolls_the_batch_back_on_its_own_thread()
      throws Exception {
    storeDueNow("first");
    storeDueNow("second");
    List<OperableTrigger> acquired =
        store.acquireNextTriggers(System.currentTimeMillis() + 5_000, 10, 0);
    assertThat(acquired).hasSize(2);
    // A release through a transaction of its own would wait for the held batch's row locks, held
    // by this very thread: the watchdog ends that wait (by rolling the batch back) so that the
    // test fails instead of hanging.
    java.util.concurrent.ScheduledExecutorService watchdog =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    SetBasedJobStore watched = store;
    var rescue =
        watchdog.schedule(() -> nodes.stop(watched), 20, java.util.concurrent.TimeUnit.SECONDS);
    long started = System.nanoTime();
    try {
      for (OperableTrigger trigger : acquired) {
        store.releaseAcquiredTrigger(trigger);
      }
    } finally {
      rescue.cancel(false);
      watchdog.shutdownNow();
    }

    assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
        .isLessThan(java.time.Duration.ofSeconds(10));
    assertThat(count("SELECT count(*) FROM qrtz_triggers WHERE trigger_state = 'WAITING'"))
        .isEqualTo(2);
    assertThat(count("SELECT count(*) FROM qrtz_fired_triggers")).isZero();
    assertThat(store.acquireNextTriggers(System.currentTimeMillis() + 5_000, 10, 0)).hasSize(2);
  }
}

package io.carillon.server.quartz.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.server.testing.PostgresDatabase;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.quartz.Trigger.CompletedExecutionInstruction;
import org.quartz.TriggerBuilder;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.TriggerFiredBundle;
import org.quartz.spi.TriggerFiredResult;

/**
 * Two store instances (two nodes of one cluster) acquire, fire and complete the same repeating
 * triggers as fast as they can, driven as Quartz's scheduler thread drives a store: no fire time of
 * a trigger may be fired twice. A node that locks a trigger another node fired a moment before
 * takes the row's new version while the rest of its statement still reads the old one; firing from
 * the old one fired the other node's fire time a second time.
 */
class RacingNodesIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(RacingNodesIT.class);

  private static final String DATA_SOURCE = "racing-nodes-it";
  private static final int TRIGGERS = 8;
  private static final int FIRES = 3_000;

  private StoreNodes nodes;
  private final List<SetBasedJobStore> stores = new ArrayList<>();

  /** Never run: the test is the scheduler thread. */
  public static final class Idle implements Job {
    @Override
    public void execute(org.quartz.JobExecutionContext context) {}
  }

  @BeforeEach
  void start() throws Exception {
    nodes = new StoreNodes(DB, DATA_SOURCE, 10);
    stores.add(nodes.start("racing", "node-a"));
    stores.add(nodes.start("racing", "node-b"));
  }

  @AfterEach
  void stop() {
    nodes.close();
  }

  @Test
  void two_nodes_racing_for_repeating_triggers_never_fire_one_fire_time_twice() throws Exception {
    for (int i = 0; i < TRIGGERS; i++) {
      JobDetail job =
          JobBuilder.newJob(Idle.class).withIdentity(JobKey.jobKey("j" + i, "race")).build();
      Trigger trigger =
          TriggerBuilder.newTrigger()
              .withIdentity("t" + i, "race")
              .forJob(job)
              .startAt(new Date())
              .withSchedule(
                  SimpleScheduleBuilder.simpleSchedule()
                      .withIntervalInMilliseconds(10)
                      .repeatForever())
              .build();
      OperableTrigger operable = (OperableTrigger) trigger;
      operable.computeFirstFireTime(null);
      stores.get(0).storeJobAndTrigger(job, operable);
    }

    Map<String, Integer> fired = new ConcurrentHashMap<>();
    AtomicInteger total = new AtomicInteger();
    ExecutorService nodes = Executors.newFixedThreadPool(stores.size());
    List<Future<?>> loops = new ArrayList<>();
    for (SetBasedJobStore store : stores) {
      loops.add(nodes.submit(() -> fireUntil(store, fired, total)));
    }
    for (Future<?> loop : loops) {
      loop.get();
    }
    nodes.shutdown();

    assertThat(total.get()).isGreaterThanOrEqualTo(FIRES);
    assertThat(fired)
        .as("trigger@fire time fired more than once")
        .allSatisfy((fire, times) -> assertThat(times).as(fire).isEqualTo(1));
  }

  /**
   * Acquires (fire times far ahead are fine: it is the store under test, not the clock), fires and
   * completes, as Quartz's scheduler thread does, until the nodes have fired {@link #FIRES}.
   */
  private static Void fireUntil(
      SetBasedJobStore store, Map<String, Integer> fired, AtomicInteger total) throws Exception {
    while (total.get() < FIRES) {
      List<OperableTrigger> batch =
          store.acquireNextTriggers(System.currentTimeMillis() + 3_600_000, 3, 0);
      if (batch.isEmpty()) {
        continue;
      }
      for (TriggerFiredResult result : store.triggersFired(batch)) {
        TriggerFiredBundle bundle = result.getTriggerFiredBundle();
        if (bundle == null) {
          continue;
        }
        fired.merge(
            bundle.getTrigger().getKey().getName() + "@" + bundle.getScheduledFireTime().getTime(),
            1,
            Integer::sum);
        total.incrementAndGet();
        store.triggeredJobComplete(
            bundle.getTrigger(), bundle.getJobDetail(), CompletedExecutionInstruction.NOOP);
      }
    }
    return null;
  }
}

package io.carillon.server.quartz.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.quartz.JobBuilder;
import org.quartz.Trigger.CompletedExecutionInstruction;
import org.quartz.TriggerBuilder;
import org.quartz.spi.OperableTrigger;

class CompletionFlusherTest {
  private final Set<String> written = ConcurrentHashMap.newKeySet();

  private static Completion completion(String id) {
    OperableTrigger trigger =
        (OperableTrigger) TriggerBuilder.newTrigger().withIdentity(id).forJob("job").build();
    trigger.setFireInstanceId(id);
    return new Completion(
        trigger,
        JobBuilder.newJob(RunLogFreeJob.class).withIdentity("job").build(),
        CompletedExecutionInstruction.NOOP);
  }

  @Test
  void a_completion_returns_only_once_its_batch_is_written() {
    CompletionFlusher flusher =
        new CompletionFlusher(
            batch -> batch.forEach(c -> written.add(c.entryId())), 10, Duration.ofMillis(10), "t");
    flusher.start();
    try {
      flusher.complete(completion("a"));
      assertThat(written).contains("a");
    } finally {
      flusher.close();
    }
  }

  @Test
  void a_completion_that_can_never_be_written_holds_back_no_other() throws Exception {
    CompletionFlusher flusher =
        new CompletionFlusher(
            batch -> {
              if (batch.stream().anyMatch(c -> c.entryId().equals("poison"))) {
                throw new IllegalStateException("cannot write poison");
              }
              batch.forEach(c -> written.add(c.entryId()));
            },
            10,
            Duration.ofMillis(10),
            "t");
    flusher.start();
    CompletableFuture<Void> poisoned =
        CompletableFuture.runAsync(() -> flusher.complete(completion("poison")));
    List<CompletableFuture<Void>> others =
        List.of("b", "c", "d").stream()
            .map(id -> CompletableFuture.runAsync(() -> flusher.complete(completion(id))))
            .toList();

    CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    assertThat(written).containsExactlyInAnyOrder("b", "c", "d");
    assertThat(poisoned).isNotDone();

    flusher.close();
    assertThatThrownBy(() -> poisoned.get(30, TimeUnit.SECONDS))
        .hasRootCauseInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> flusher.complete(completion("late")))
        .isInstanceOf(IllegalStateException.class);
  }

  /** A job class for the job details; never run. */
  public static final class RunLogFreeJob implements org.quartz.Job {
    @Override
    public void execute(org.quartz.JobExecutionContext context) {}
  }
}

package io.carillon.server.quartz;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real Quartz worker threads, held busy by jobs that wait on latches. */
class GatheringThreadPoolTest {
  private final GatheringThreadPool pool = new GatheringThreadPool();
  private final CountDownLatch release = new CountDownLatch(1);

  private void start(int threads, long gatherMillis) throws Exception {
    pool.setThreadCount(threads);
    pool.setThreadNamePrefix("gathering-test");
    pool.setGatherMillis(gatherMillis);
    pool.initialize();
  }

  @AfterEach
  void stop() {
    release.countDown();
    pool.shutdown(true);
  }

  /** Occupies {@code count} workers until {@code until} opens; returns once they all run. */
  private void occupy(int count, CountDownLatch until) throws Exception {
    CountDownLatch running = new CountDownLatch(count);
    for (int i = 0; i < count; i++) {
      pool.runInThread(
          () -> {
            running.countDown();
            try {
              until.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    }
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void answers_at_once_while_half_the_pool_is_free() throws Exception {
    start(4, 60_000);
    occupy(2, release);

    assertThat(
            CompletableFuture.supplyAsync(pool::blockForAvailableThreads).get(10, TimeUnit.SECONDS))
        .isEqualTo(2);
  }

  @Test
  void a_busy_pool_answers_when_more_workers_come_back_within_the_window() throws Exception {
    start(4, 60_000);
    CountDownLatch first = new CountDownLatch(1);
    occupy(1, first);
    occupy(2, release);

    CompletableFuture<Integer> free = CompletableFuture.supplyAsync(pool::blockForAvailableThreads);
    first.countDown();

    assertThat(free.get(10, TimeUnit.SECONDS)).isEqualTo(2);
  }

  @Test
  void a_busy_pool_answers_with_what_is_free_once_the_window_has_passed() throws Exception {
    start(4, 50);
    occupy(3, release);

    CompletableFuture<Integer> free = CompletableFuture.supplyAsync(pool::blockForAvailableThreads);

    Awaitility.await().atMost(Duration.ofSeconds(10)).until(free::isDone);
    assertThat(free.get()).isEqualTo(1);
  }

  @Test
  void with_no_window_it_answers_at_once_as_quartz_does() throws Exception {
    start(4, 0);
    occupy(3, release);

    assertThat(
            CompletableFuture.supplyAsync(pool::blockForAvailableThreads).get(10, TimeUnit.SECONDS))
        .isEqualTo(1);
  }
}

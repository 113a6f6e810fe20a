package io.carillon.server.quartz.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for completed runs. Worker threads hand their completion over and wait; one thread
 * writes whatever has queued up in one transaction and then releases every worker in it. Nothing is
 * acknowledged before its commit, so a crash loses no completion a worker was told about: the
 * fired-trigger rows of unacknowledged ones stay, and cluster recovery treats them as Quartz always
 * has. No batching window is needed: completions that arrive while a flush runs form the next
 * batch, so batches grow exactly when the database is the bottleneck.
 *
 * <p>The flusher holds a database transaction only while writing and never waits on a Java lock
 * then; workers wait on a future with no transaction open. So no wait cycle can pass through it.
 */
final class CompletionFlusher {
  private static final Logger LOG = LoggerFactory.getLogger(CompletionFlusher.class);

  /** Writes a batch in one transaction; throws if it was not committed. */
  interface BatchWriter {
    void write(List<Completion> batch) throws Exception;
  }

  private record Pending(Completion completion, CompletableFuture<Void> done) {}

  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final BatchWriter writer;
  private final int maxBatch;
  private final Duration retryInterval;
  private final Thread thread;
  private volatile boolean closing;

  CompletionFlusher(BatchWriter writer, int maxBatch, Duration retryInterval, String name) {
    this.writer = writer;
    this.maxBatch = maxBatch;
    this.retryInterval = retryInterval;
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Queues the completion and waits until it is committed. */
  void complete(Completion completion) {
    if (closing) {
      // As Quartz's own retry loop does once the store is shut down.
      throw new IllegalStateException("JobStore is shutdown - aborting retry");
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    queue.add(new Pending(completion, done));
    done.join();
  }

  /** Writes what is queued (one attempt each), then stops; later completions are refused. */
  void close() {
    // No interrupt: it would fail a write in progress (the pool refuses interrupted threads).
    closing = true;
    try {
      thread.join(retryInterval.toMillis() * 4 + 10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<Pending> left = new ArrayList<>();
    queue.drainTo(left);
    left.forEach(
        p -> p.done().completeExceptionally(new IllegalStateException("JobStore is shutdown")));
  }

  private void run() {
    List<Pending> retry = new ArrayList<>();
    while (!closing || !queue.isEmpty() || !retry.isEmpty()) {
      List<Pending> batch = new ArrayList<>(retry);
      retry.clear();
      try {
        if (batch.isEmpty()) {
          Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          batch.add(first);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      queue.drainTo(batch, Math.max(0, maxBatch - batch.size()));
      retry.addAll(flush(batch));
      if (!retry.isEmpty()) {
        if (closing) {
          retry.forEach(
              p ->
                  p.done()
                      .completeExceptionally(new IllegalStateException("JobStore is shutdown")));
          retry.clear();
        } else {
          pause();
        }
      }
    }
  }

  /**
   * Writes the batch; if that fails, the first completion alone: if it fails too, the database is
   * most likely unreachable and the whole batch waits for the next attempt (one connection try per
   * round, not one per completion), that one moved to the end so that a completion that can never
   * be written does not lead every round; otherwise each of the rest alone, so one bad row holds
   * back no other.
   */
  private List<Pending> flush(List<Pending> batch) {
    if (tryWrite(batch)) {
      return List.of();
    }
    if (batch.size() == 1) {
      return batch;
    }
    if (!tryWrite(batch.subList(0, 1))) {
      List<Pending> rotated = new ArrayList<>(batch.subList(1, batch.size()));
      rotated.add(batch.get(0));
      return rotated;
    }
    List<Pending> failed = new ArrayList<>();
    for (Pending pending : batch.subList(1, batch.size())) {
      if (!tryWrite(List.of(pending))) {
        failed.add(pending);
      }
    }
    return failed;
  }

  private boolean tryWrite(List<Pending> batch) {
    try {
      writer.write(batch.stream().map(Pending::completion).toList());
    } catch (Exception e) {
      LOG.warn(
          "Cannot record {} completed run(s) yet, retrying in {}: {}",
          batch.size(),
          retryInterval,
          e.getMessage());
      return false;
    }
    batch.forEach(p -> p.done().complete(null));
    return true;
  }

  private void pause() {
    try {
      Thread.sleep(retryInterval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

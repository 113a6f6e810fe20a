package io.carillon.server.api;

import java.time.Instant;

/**
 * {@code GET /scheduler}: this node's scheduler. {@code state}: running, standby, draining,
 * drained.
 */
public record SchedulerView(
    String id,
    String clusterName,
    boolean clustered,
    String state,
    Instant startedAt,
    ThreadPool threadPool) {

  /** Worker threads, and how many run a job now. */
  public record ThreadPool(int size, int busy) {}
}

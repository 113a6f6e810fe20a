package io.carillon.server.core;

import io.carillon.server.common.NodeState;
import io.carillon.server.common.Pause;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The whole cluster as the services see it: every node, alive or not, and what each one runs; the
 * canary (null before it exists); how many jobs are late, and the ones late longest; the pause-all
 * in force (null: none).
 */
public record ClusterState(
    String clusterName,
    Duration checkinInterval,
    List<Node> nodes,
    Canary canary,
    long lateJobs,
    List<LateJob> late,
    Pause paused) {
  /** At most this many late jobs are listed; {@code lateJobs} counts them all. */
  public static final int MAX_LATE_LISTED = 20;

  /** A job that is late now, since when and why. */
  public record LateJob(String group, String name, Instant since, String reason) {}

  /** When the canary last fired on any node (null before the first), and how long ago. */
  public record Canary(Instant lastFiredAt, Duration age) {}

  /** One node; {@code lastCheckinAt} and {@code checkinAge} are null if it never checked in. */
  public record Node(
      String id,
      String host,
      NodeState state,
      Instant startedAt,
      Instant lastCheckinAt,
      Duration checkinAge,
      boolean alive,
      boolean self,
      List<Run> running) {}

  /** A run in progress on a node. */
  public record Run(
      String executionId, String group, String name, Instant startedAt, int attempt) {}

  /** This node's scheduler: its state and worker threads. */
  public record Scheduler(
      String id,
      String clusterName,
      boolean clustered,
      NodeState state,
      Instant startedAt,
      int threads,
      int busyThreads) {}
}

package io.carillon.server.api;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /cluster}: every node of the cluster, alive or not, and what each one runs; its
 * canary; how many jobs are late, and the ones late longest; {@code paused}: the pause-all in
 * force, if any.
 */
public record ClusterView(
    String clusterName,
    long checkinIntervalMs,
    List<Node> nodes,
    Canary canary,
    long lateJobs,
    List<LateJob> late,
    PauseView paused) {
  /** A job that is late now, since when and why. */
  public record LateJob(String group, String name, Instant since, String reason) {}

  /**
   * The cluster's canary trigger: when it last fired on any node (null before the first) and how
   * long ago the cluster last proved that it fires ({@code ageMs}); null if it does not exist yet.
   */
  public record Canary(Instant lastFiredAt, long ageMs) {}

  /**
   * One node. {@code state}: running, standby, draining, drained, stopped or dead; {@code alive} by
   * Quartz's own failure rule; {@code lastCheckinAt} null if it never checked in.
   */
  public record Node(
      String id,
      String host,
      String state,
      Instant startedAt,
      Instant lastCheckinAt,
      Long checkinAgeMs,
      boolean alive,
      boolean self,
      List<Run> running) {}

  /** A run in progress on the node. */
  public record Run(
      String executionId, String group, String name, Instant startedAt, int attempt) {}
}

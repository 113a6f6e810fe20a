package io.carillon.server.core;

import io.carillon.server.common.NodeState;
import java.time.Instant;

/** The node this process runs: its id, drain state and worker threads. */
public interface ThisNode {
  String id();

  NodeState state();

  /** When its scheduler started; null before. */
  Instant startedAt();

  int threads();

  int busyThreads();

  /**
   * Whether the process is shutting down on purpose (SIGTERM, the server stopping): its scheduler
   * stops because it was told to, not because it failed.
   */
  boolean stopping();
}

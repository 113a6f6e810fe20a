package io.carillon.server.api;

import java.util.List;

/** {@code GET /cluster/stuck-triggers}: triggers that will not fire again by themselves. */
public record StuckTriggers(List<Item> items) {

  /**
   * A stuck trigger. {@code state}: ERROR, BLOCKED or ACQUIRED; {@code owner}: the node whose
   * fired-trigger row holds it, null if none; {@code reason}: why it counts as stuck.
   */
  public record Item(
      String group, String name, JobRef job, String state, String owner, String reason) {}

  /** The job a trigger fires. */
  public record JobRef(String group, String name) {}
}

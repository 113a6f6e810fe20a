package io.carillon.server.common;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a node of the cluster stands. A node moves running → standby (and back with resume), or
 * running/standby → draining → drained; a node that exits becomes stopped. {@code DEAD} is never
 * written by a node itself: it is what the others conclude when it stops checking in.
 */
public enum NodeState {
  RUNNING,
  STANDBY,
  DRAINING,
  DRAINED,
  STOPPED,
  DEAD;

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A stored state; anything unknown reads as running, the state a node starts in. */
  public static NodeState of(String value) {
    try {
      return value == null ? RUNNING : valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return RUNNING;
    }
  }

  /** Whether the node left the cluster on purpose, so that its silence is not a death. */
  public boolean leftOnPurpose() {
    return this == DRAINED || this == STOPPED;
  }
}

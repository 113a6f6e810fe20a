package io.carillon.server.common;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What caused a run (SPEC §5). */
public enum TriggerKind {
  SCHEDULE,
  MANUAL,
  RETRY,
  RECOVERY,
  /** A run repeated through {@code POST /executions/{id}/rerun}. */
  RERUN,
  /** A past fire time of the schedule run through {@code POST /jobs/{g}/{n}/backfill}. */
  BACKFILL,
  /** Started by the end of an upstream run of a job listed in its {@code after}. */
  DEPENDENCY;

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind stored in a trigger's data or in the database; unknown or absent means schedule. */
  public static TriggerKind of(String value) {
    if (value == null) {
      return SCHEDULE;
    }
    try {
      return valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return SCHEDULE;
    }
  }
}

package io.carillon.server.core.schedule;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What to do about fire times missed while the cluster was down, paused or saturated. Quartz's
 * instruction for each trigger type is chosen in {@link MisfireInstructions}.
 */
public enum MisfirePolicy {
  /** Run once as soon as possible, then carry on with the schedule. */
  FIRE_NOW("fire-now"),
  /** Run nothing for the missed times; wait for the next fire time. */
  SKIP("skip"),
  /** Run once for every missed time, as fast as possible. */
  CATCH_UP("catch-up");

  /** What a job gets when it names no policy: what an operator of a cron-like system expects. */
  public static final MisfirePolicy DEFAULT = FIRE_NOW;

  private final String json;

  MisfirePolicy(String json) {
    this.json = json;
  }

  @JsonValue
  public String json() {
    return json;
  }

  /**
   * Reads the JSON value.
   *
   * @throws InvalidScheduleException naming the allowed values when {@code value} is not one
   */
  @JsonCreator
  public static MisfirePolicy fromJson(String value) {
    for (MisfirePolicy policy : values()) {
      if (policy.json.equals(value)) {
        return policy;
      }
    }
    throw new InvalidScheduleException(
        "misfire", "unknown misfire policy '" + value + "'; allowed: " + allowed());
  }

  static String allowed() {
    return Arrays.stream(values()).map(MisfirePolicy::json).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return json;
  }
}

package io.carillon.server.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a fire time does when the job is still running from the previous one (SPEC §4). */
public enum Overlap {
  ALLOW,
  SKIP,
  QUEUE,
  /** A new fire asks the running ones to stop, on whichever node they run, and starts. */
  REPLACE;

  private static final Overlap[] ALL = values();

  private final String json = name().toLowerCase(Locale.ROOT);

  @JsonValue
  public String json() {
    return json;
  }

  /** Read at every fire (from the job's data): a plain loop over the constants. */
  @JsonCreator
  public static Overlap of(String value) {
    for (Overlap overlap : ALL) {
      if (overlap.json.equals(value)) {
        return overlap;
      }
    }
    throw new InvalidInputException("overlap", "must be one of allow, skip, queue, replace");
  }
}

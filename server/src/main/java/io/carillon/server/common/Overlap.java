package io.carillon.server.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** What a fire time does when the job is still running from the previous one (SPEC §4). */
public enum Overlap {
  ALLOW,
  SKIP,
  QUEUE,
  /** A new fire asks the running ones to stop, on whichever node they run, and starts. */
  REPLACE;

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Overlap of(String value) {
    return Arrays.stream(values())
        .filter(overlap -> overlap.json().equals(value))
        .findFirst()
        .orElseThrow(
            () ->
                new InvalidInputException("overlap", "must be one of allow, skip, queue, replace"));
  }
}

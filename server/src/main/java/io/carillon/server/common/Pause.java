package io.carillon.server.common;

import java.time.Instant;

/**
 * A pause as stored: its scope ({@link #JOB}, {@link #GROUP}, {@link #CLUSTER}), the group and job
 * it covers ('' where the scope is wider), who paused, when, why and until when.
 */
public record Pause(
    String scope,
    String group,
    String name,
    String reason,
    Instant since,
    String by,
    Instant until) {
  public static final String JOB = "job";
  public static final String GROUP = "group";
  public static final String CLUSTER = "cluster";
}

package io.carillon.server.common;

/**
 * Carillon's own Quartz jobs, such as the canary, live in one reserved group: they are not jobs of
 * the API (no {@code carillon_job} row, no executions, no metrics per run) and the API may neither
 * create nor change anything in it.
 */
public final class InternalJobs {
  /** The reserved Quartz job and trigger group. */
  public static final String GROUP = "carillon.internal";

  /** The canary's job and trigger name within {@link #GROUP}. */
  public static final String CANARY = "canary";

  private InternalJobs() {}

  public static boolean isInternal(String group) {
    return GROUP.equals(group);
  }
}

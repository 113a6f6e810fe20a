package io.carillon.jobs.quartz;

import org.quartz.JobDataMap;

/**
 * The keys Carillon keeps in a Quartz {@code JobDataMap}. Every value is a string, because the
 * cluster runs Quartz with {@code org.quartz.jobStore.useProperties=true}.
 */
public final class JobDataKeys {

  /** The job type's name, e.g. {@code shell}. Required. */
  public static final String TYPE = "carillon.type";

  /** The parameters as a JSON object string ({@code JobParameters.toJson()}). Absent means {}. */
  public static final String PARAMS = "carillon.params";

  /** The execution id; when absent the trigger's fire instance id is used. */
  public static final String EXECUTION_ID = "carillon.executionId";

  /**
   * A manual run's parameter overrides as a JSON object string, recorded at the head of its output;
   * absent when none were given.
   */
  public static final String OVERRIDES = "carillon.overrides";

  /** The attempt number as a decimal string; when absent, 1. */
  public static final String ATTEMPT = "carillon.attempt";

  private JobDataKeys() {}

  /**
   * The attempt number {@code data} carries: 1 when absent, and also when it cannot be read. Only
   * Carillon writes it, and a run is neither refused nor left unrecorded over this counter: the
   * job, its listeners and its retries all read it here, so they agree.
   */
  public static int attempt(JobDataMap data) {
    Object value = data.get(ATTEMPT);
    String text = value == null ? "" : value.toString().strip();
    try {
      return text.isEmpty() ? 1 : Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}

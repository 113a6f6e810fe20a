package io.carillon.jobs;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/** What one execution of a job type gets to work with. */
public interface JobContext {

  /** The job's parameters, validated against the type's schema, defaults applied. */
  JobParameters params();

  /** Captured text shown to operators; capped in size, so write summaries rather than dumps. */
  OutputSink output();

  /**
   * Sets the small JSON summary recorded with the execution (values: strings, numbers, booleans,
   * lists and maps of those). Calling it again replaces the previous result.
   */
  void result(Map<String, ?> result);

  /** True once someone asked this execution to stop (the thread is interrupted as well). */
  boolean isInterrupted();

  /** Unique per execution across the cluster; a retry gets a new one. */
  String executionId();

  /** 1 for the first try, 2 for the first retry, and so on. */
  int attempt();

  /**
   * The fire time this execution was scheduled for. Together with the job's key it is a stable
   * idempotency key for the job's own side effects: retries and recoveries keep it.
   */
  Instant scheduledFireTime();

  /**
   * The id of the cluster node running this execution ({@code scheduler.instanceId}), for output,
   * results or side effects that should say where they happened.
   */
  String nodeId();

  /** Server-wide settings for job types (SMTP, shell allow-list, ...). */
  JobTypeSettings settings();

  /** The clock to read "now" from, so that time-dependent logic can be tested. */
  Clock clock();
}

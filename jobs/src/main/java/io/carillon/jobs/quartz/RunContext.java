package io.carillon.jobs.quartz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.carillon.jobs.JobContext;
import io.carillon.jobs.JobParameters;
import io.carillon.jobs.JobTypeException;
import io.carillon.jobs.JobTypeSettings;
import io.carillon.jobs.OutputSink;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** The {@link JobContext} of one run inside Quartz. */
final class RunContext implements JobContext {

  /** A result is a summary; anything bigger belongs in the output. */
  static final int MAX_RESULT_CHARS = 64 * 1024;

  // Sorted keys: Map.of has no stable order, and equal results should be equal strings.
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private final JobParameters params;
  private final CappedOutput output;
  private final BooleanSupplier interrupted;
  private final String executionId;
  private final int attempt;
  private final Instant scheduledFireTime;
  private final String nodeId;
  private final JobTypeSettings settings;
  private final Clock clock;
  private volatile String resultJson;

  RunContext(
      JobParameters params,
      CappedOutput output,
      BooleanSupplier interrupted,
      String executionId,
      int attempt,
      Instant scheduledFireTime,
      String nodeId,
      JobTypeSettings settings,
      Clock clock) {
    this.params = params;
    this.output = output;
    this.interrupted = interrupted;
    this.executionId = executionId;
    this.attempt = attempt;
    this.scheduledFireTime = scheduledFireTime;
    this.nodeId = nodeId;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public JobParameters params() {
    return params;
  }

  @Override
  public OutputSink output() {
    return output;
  }

  @Override
  public void result(Map<String, ?> result) {
    String json;
    try {
      json = JSON.writeValueAsString(result);
    } catch (JsonProcessingException e) {
      throw new JobTypeException(
          "job result is not JSON-serialisable: " + e.getOriginalMessage(), e);
    }
    if (json.length() > MAX_RESULT_CHARS) {
      throw new JobTypeException(
          "job result is "
              + json.length()
              + " characters; at most "
              + MAX_RESULT_CHARS
              + " are kept");
    }
    resultJson = json;
  }

  String resultJson() {
    return resultJson;
  }

  @Override
  public boolean isInterrupted() {
    return interrupted.getAsBoolean();
  }

  @Override
  public String executionId() {
    return executionId;
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public Instant scheduledFireTime() {
    return scheduledFireTime;
  }

  @Override
  public String nodeId() {
    return nodeId;
  }

  @Override
  public JobTypeSettings settings() {
    return settings;
  }

  @Override
  public Clock clock() {
    return clock;
  }
}

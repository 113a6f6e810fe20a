package io.carillon.jobs;

import java.util.List;

/**
 * A kind of job Carillon can run: a name, a parameter schema and the code that runs it.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader} (a line in {@code
 * META-INF/services/io.carillon.jobs.JobType}), need a public no-argument constructor and must be
 * stateless: one instance runs every execution of the type, concurrently.
 */
public interface JobType {

  /** The name jobs refer to in their {@code type} field, e.g. {@code shell}. */
  String name();

  /** One sentence for operators, shown with the schema. */
  String description();

  /** The parameters the type accepts; anything else is rejected before a job is stored. */
  List<ParameterSpec> parameters();

  /**
   * Rules the schema cannot express (cross-field rules, what the configuration allows). Called only
   * with parameters that already passed the schema, both when a job is stored and before each run.
   */
  default List<FieldError> check(JobParameters params, JobTypeSettings settings) {
    return List.of();
  }

  /**
   * Runs one execution. Throwing fails the run; whatever was written to the output is kept. Long
   * runs should react to thread interruption or poll {@link JobContext#isInterrupted()}.
   */
  void run(JobContext context) throws Exception;
}

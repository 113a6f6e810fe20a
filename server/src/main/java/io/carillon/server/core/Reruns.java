package io.carillon.server.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carillon.server.common.Caller;
import io.carillon.server.common.CarillonException;
import io.carillon.server.common.ConflictException;
import io.carillon.server.common.ExecutionRow;
import io.carillon.server.common.NotFoundException;
import io.carillon.server.common.Role;
import io.carillon.server.common.TriggerKind;
import io.carillon.server.db.JobRevisionDao;
import io.carillon.server.db.RunRequestDao;
import io.carillon.server.db.RunRequestDao.RunRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs asked for through the API (issue 18 §8): a run now is recorded with its overrides and the
 * whole parameters it was started with, so that a rerun of it ({@code POST /executions/{id}/rerun})
 * repeats them even after the job's parameters changed; a rerun is recorded the same way with the
 * run it repeats, so the history links the two. A run the API did not ask for (the schedule, a
 * retry, a backfill) is rerun with the parameters of the job's definition in effect when it
 * started, from the job's revisions, so that nothing is written on the fire path. A rerun of a run
 * that stands for a fire time of the schedule (its logical time: a scheduled or backfilled run) is
 * recorded scheduled for that time, as the original was.
 */
public final class Reruns {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final JobService jobs;
  private final JobRuns runs;
  private final ExecutionService executions;
  private final RunRequestDao requests;
  private final JobRevisionDao revisions;
  private final StoredDefinitions definitions;
  private final LogicalTimes logicalTimes;
  private final ObjectMapper json;
  private final AuditLog audit;
  private final Clock clock;

  public Reruns(
      JobService jobs,
      JobRuns runs,
      ExecutionService executions,
      RunRequestDao requests,
      JobRevisionDao revisions,
      ObjectMapper json,
      AuditLog audit,
      Clock clock) {
    this.jobs = jobs;
    this.runs = runs;
    this.executions = executions;
    this.requests = requests;
    this.revisions = revisions;
    this.definitions = new StoredDefinitions(json);
    this.logicalTimes = new LogicalTimes(executions, requests);
    this.json = json;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Runs a job now (see {@link JobRuns#run}) and records its overrides and parameters. The record
   * and the audit entry are one transaction, written before Quartz stores the run's trigger (in a
   * transaction of its own, on its own connection) and committed after: a run that cannot be
   * started leaves neither, and one that cannot be recorded is not started.
   */
  public String run(String group, String name, Map<String, Object> overrides, Caller by) {
    Map<String, Object> given = overrides == null ? Map.of() : overrides;
    return audit.atomically(
        () ->
            runs.start(
                    group,
                    name,
                    null,
                    given,
                    by.role().includes(Role.ADMIN),
                    TriggerKind.MANUAL,
                    null,
                    started -> {
                      record(started, group, name, given, null, by.name());
                      audit.record(
                          by,
                          "job.run",
                          "job:" + group + "/" + name,
                          null,
                          Map.of("executionId", started.executionId(), "params", given));
                    })
                .executionId());
  }

  /**
   * What a rerun started: the new execution, the overrides it repeated, the whole parameters it was
   * given, and where they came from ({@link #paramsFrom}): {@code run}, the original run's as
   * recorded with it; {@code revision}, the job's definition in effect when the original started
   * (with the original's overrides over it); {@code job}, the job's parameters as they are now,
   * when neither is known (a run from before revisions were kept). {@code recorded}: not {@code
   * job}.
   */
  public record Rerun(
      String executionId,
      Map<String, Object> overrides,
      Map<String, Object> params,
      String paramsFrom) {
    public boolean recorded() {
      return !"job".equals(paramsFrom);
    }
  }

  /**
   * Runs the job of execution {@code id} again with the same parameters: those the run was started
   * with when it was asked for through the API (a run now or a rerun); for any other run, whose
   * whole parameters are not recorded with it, those of the job's definition in effect when it
   * started, with a dependency's run's parameters from its upstream's result over them. It is
   * scheduled for the original's logical time, if the original has one. The original's overrides
   * are checked again against the caller's role. 404 if the execution or its job is gone, 409 while
   * it is still running.
   */
  public Rerun rerun(String id, Caller by) {
    ExecutionRow original = executions.get(id);
    if ("RUNNING".equals(original.status())) {
      throw new ConflictException(
          "execution " + id + " is still running; rerun it once it has ended");
    }
    if (jobs.find(original.jobGroup(), original.jobName()).isEmpty()) {
      throw new NotFoundException(
          "job "
              + original.jobGroup()
              + "/"
              + original.jobName()
              + " of execution "
              + id
              + " no longer exists");
    }
    Optional<RunRequest> request = requests.find(id);
    Map<String, Object> overrides =
        request.map(RunRequest::overridesJson).map(this::read).orElse(Map.of());
    Map<String, Object> params = request.map(RunRequest::paramsJson).map(this::read).orElse(null);
    String from = "run";
    if (params == null) {
      params = paramsAt(original).orElse(null);
      from = params == null ? "job" : "revision";
    }
    Map<String, Object> given = params;
    String paramsFrom = from;
    Instant logicalTime = logicalTimes.of(original).orElse(null);
    // Recorded and audited as run() is, and for the same reason.
    return audit.atomically(
        () -> {
          JobRuns.Started started =
              runs.start(
                  original.jobGroup(),
                  original.jobName(),
                  given,
                  overrides,
                  by.role().includes(Role.ADMIN),
                  TriggerKind.RERUN,
                  logicalTime,
                  first -> {
                    record(
                        first, original.jobGroup(), original.jobName(), overrides, id, by.name());
                    audit.record(
                        by,
                        "execution.rerun",
                        "execution:" + id,
                        null,
                        Map.of(
                            "executionId",
                            first.executionId(),
                            "params",
                            overrides,
                            "recordedParams",
                            !"job".equals(paramsFrom),
                            "paramsFrom",
                            paramsFrom));
                  });
          return new Rerun(
              started.executionId(), overrides, started.params().toJsonMap(), paramsFrom);
        });
  }

  /** The parameters of the job's definition when the run started (or, not started, was due). */
  private Optional<Map<String, Object>> paramsAt(ExecutionRow run) {
    Instant at = run.startedAt() != null ? run.startedAt() : run.scheduledAt();
    if (at == null) {
      return Optional.empty();
    }
    return revisions
        .definitionAt(run.jobGroup(), run.jobName(), at)
        .map(definition -> definitions.read(run.jobGroup(), run.jobName(), definition))
        .map(definition -> definition.params() == null ? Map.of() : definition.params());
  }

  /** The run an execution repeats, if it is a rerun. */
  public Optional<String> rerunOf(String id) {
    return requests.find(id).map(RunRequest::rerunOf);
  }

  /** The reruns of an execution, oldest first. */
  public List<String> rerunsOf(String id) {
    return requests.rerunsOf(id).stream().map(RunRequest::executionId).toList();
  }

  private void record(
      JobRuns.Started started,
      String group,
      String name,
      Map<String, Object> overrides,
      String rerunOf,
      String by) {
    requests.insert(
        new RunRequest(
            started.executionId(),
            group,
            name,
            overrides == null || overrides.isEmpty() ? null : write(overrides),
            started.params().toJson(),
            rerunOf,
            by,
            clock.instant()));
  }

  private String write(Map<String, Object> overrides) {
    try {
      return json.writeValueAsString(overrides);
    } catch (JsonProcessingException e) {
      throw new CarillonException("cannot write run overrides", e);
    }
  }

  private Map<String, Object> read(String text) {
    try {
      return json.readValue(text, MAP);
    } catch (JsonProcessingException e) {
      throw new CarillonException("stored run overrides", e);
    }
  }
}

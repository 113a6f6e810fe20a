package io.carillon.server.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.common.Caller;
import io.carillon.server.common.FieldError;
import io.carillon.server.common.InvalidInputException;
import io.carillon.server.common.JobId;
import io.carillon.server.common.Source;
import io.carillon.server.common.StartupException;
import io.carillon.server.core.definition.JobRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the store in line with the {@code jobs:} list of config.yml at start-up: declared jobs are
 * created or updated and marked as managed by config; a config job no longer declared is removed
 * only when pruning is asked for. Replicas run this one at a time (under a cluster lock), and a job
 * already as declared is left alone, so three replicas starting together leave one copy of each.
 */
public final class ConfigJobs {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigJobs.class);

  private final JobService jobs;
  private final JobRequests requests;
  private final JobDocuments documents;
  private final JobAudit audited;
  private final String fileName;

  /** {@code file}: the configuration file, named in the log and as the audit log's actor. */
  public ConfigJobs(JobService jobs, JobRequests requests, JobDocuments documents, String file) {
    this.jobs = jobs;
    this.requests = requests;
    this.documents = documents;
    this.fileName = file;
    Caller actor = Caller.configuration(file);
    // Jobs the file declares are audited as their definitions, in the transaction that changes
    // them.
    this.audited = JobAudit.by(actor, row -> documents.definition(row.job()));
  }

  /** What one reconciliation did. */
  public record Report(int created, int updated, int unchanged, int removed, int kept) {}

  /**
   * The declared jobs as they will be stored, upstreams first; every problem named at once in a
   * {@link StartupException}, before anything starts.
   */
  public List<JobDefinition> check(List<JobRequest> declared) {
    try {
      return jobs.inDependencyOrder(validateAll(requests, declared), i -> "jobs[" + i + "].");
    } catch (InvalidInputException e) {
      throw new StartupException(
          e.errors().stream()
              .map(error -> error.field() + ": " + error.message())
              .collect(Collectors.joining("; ")));
    }
  }

  public Report reconcile(List<JobRequest> declared, boolean prune) {
    List<JobDefinition> definitions = check(declared);
    int created = 0;
    int updated = 0;
    int unchanged = 0;
    Set<JobId> wanted = new HashSet<>();
    for (JobDefinition definition : definitions) {
      wanted.add(new JobId(definition.group(), definition.name()));
      switch (declare(definition)) {
        case CREATED -> created++;
        case UPDATED -> updated++;
        case UNCHANGED -> unchanged++;
      }
    }
    List<JobId> leftOver =
        jobs.idsFrom(Source.CONFIG).stream().filter(id -> !wanted.contains(id)).toList();
    if (prune) {
      // The operator removed them from the list: a run still going is stopped, not left orphaned.
      for (JobId id : leftOver) {
        jobs.delete(id.group(), id.name(), Precondition.NONE, true, audited);
        LOG.warn("Deleted job {}: no longer declared in {} (pruneJobs: true)", id, fileName);
      }
    } else if (!leftOver.isEmpty()) {
      LOG.warn(
          "Jobs once declared in config.yml are no longer listed and are kept (set pruneJobs: true"
              + " to remove them): {}",
          leftOver.stream().map(JobId::toString).collect(Collectors.joining(", ")));
    }
    Report report =
        new Report(
            created, updated, unchanged, prune ? leftOver.size() : 0, prune ? 0 : leftOver.size());
    LOG.info("Jobs from config.yml: {}", report);
    return report;
  }

  private enum Outcome {
    CREATED,
    UPDATED,
    UNCHANGED
  }

  /**
   * Creates or replaces the declared job. A change is never silent: the log and the audit log say
   * which fields the file changed, and whether it took over a job managed over the API.
   */
  private Outcome declare(JobDefinition definition) {
    if (jobs.storedAs(definition, Source.CONFIG)) {
      return Outcome.UNCHANGED;
    }
    var current = jobs.find(definition.group(), definition.name());
    JsonNode before = current.map(row -> (JsonNode) documents.definition(row.job())).orElse(null);
    JobService.Replaced result =
        jobs.replace(
            definition.group(),
            definition.name(),
            definition.normalised(),
            Precondition.NONE,
            Source.CONFIG,
            audited);
    if (result.created()) {
      return Outcome.CREATED;
    }
    JsonNode after = documents.definition(result.job().job());
    String fields =
        MergePatch.diff(before, after).stream()
            .map(MergePatch.FieldDiff::field)
            .collect(Collectors.joining(", "));
    boolean takenOver = !Source.CONFIG.json().equals(current.get().job().source());
    LOG.warn(
        "Job {}/{} {} {}: {}",
        definition.group(),
        definition.name(),
        takenOver ? "was managed over the API and is now declared in" : "changed as declared in",
        fileName,
        fields.isEmpty() ? "now managed by the file" : fields);
    return Outcome.UPDATED;
  }

  /**
   * Every declared job must be valid before any is applied; all problems are named at once (a
   * {@link StartupException}). Also what {@code check config.yml} runs.
   */
  public static List<JobDefinition> validateAll(JobRequests requests, List<JobRequest> declared) {
    List<JobDefinition> definitions = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<JobId> seen = new HashSet<>();
    for (int i = 0; i < declared.size(); i++) {
      try {
        JobDefinition definition = requests.validateDeclared(declared.get(i));
        if (!seen.add(new JobId(definition.group(), definition.name()))) {
          problems.add(
              "jobs["
                  + i
                  + "]: "
                  + definition.group()
                  + "/"
                  + definition.name()
                  + " is declared twice");
        }
        definitions.add(definition);
      } catch (InvalidInputException e) {
        for (FieldError error : e.errors()) {
          problems.add("jobs[" + i + "]." + error.field() + ": " + error.message());
        }
      }
    }
    if (problems.isEmpty()) {
      // Cycles among the declared jobs show without the store, so check config.yml finds them too;
      // upstreams outside the file are checked against the store when the jobs are reconciled.
      DependencyGraph graph = new DependencyGraph(Map.of(), definitions, id -> true);
      for (int i = 0; i < definitions.size(); i++) {
        for (FieldError error : graph.errors(definitions.get(i), "")) {
          problems.add("jobs[" + i + "]." + error.field() + ": " + error.message());
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new StartupException(String.join("; ", problems));
    }
    return definitions;
  }
}

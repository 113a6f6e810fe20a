package io.carillon.server.core;

import io.carillon.server.api.JobRequest;
import io.carillon.server.db.JobId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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

  public ConfigJobs(JobService jobs, JobRequests requests) {
    this.jobs = jobs;
    this.requests = requests;
  }

  /** What one reconciliation did. */
  public record Report(int created, int updated, int unchanged, int removed, int kept) {}

  public Report reconcile(List<JobRequest> declared, boolean prune) {
    List<JobDefinition> definitions = validateAll(declared);
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
      leftOver.forEach(id -> jobs.delete(id.group(), id.name(), Precondition.NONE, true));
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

  private Outcome declare(JobDefinition definition) {
    if (jobs.storedAs(definition, Source.CONFIG)) {
      return Outcome.UNCHANGED;
    }
    JobService.Replaced result =
        jobs.replace(
            definition.group(),
            definition.name(),
            definition.normalised(),
            Precondition.NONE,
            Source.CONFIG);
    return result.created() ? Outcome.CREATED : Outcome.UPDATED;
  }

  /** Every declared job must be valid before any is applied; all problems are named at once. */
  private List<JobDefinition> validateAll(List<JobRequest> declared) {
    List<JobDefinition> definitions = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<JobId> seen = new HashSet<>();
    for (int i = 0; i < declared.size(); i++) {
      try {
        JobDefinition definition = requests.validate(declared.get(i), null, null);
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
    if (!problems.isEmpty()) {
      throw new StartupException(String.join("; ", problems));
    }
    return definitions;
  }
}

package io.carillon.server.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.carillon.server.common.ConflictException;
import io.carillon.server.common.JobFilter;
import io.carillon.server.common.JobId;
import io.carillon.server.common.JobRow;
import io.carillon.server.common.NotFoundException;
import io.carillon.server.common.Source;
import io.carillon.server.common.StaleVersionException;
import io.carillon.server.common.StoredJob;
import io.carillon.server.core.definition.JobRequest;
import io.carillon.server.db.ExecutionDao;
import io.carillon.server.db.JobDao;
import io.carillon.server.db.JobListDao;
import io.carillon.server.db.RunningExecutionDao;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.quartz.JobKey;

/**
 * Everything the API does to jobs. Each change is one database transaction around the matching
 * Quartz write, so Carillon's table and Quartz's never disagree about a job for long.
 */
public final class JobService {
  private static final int REPLACE_ATTEMPTS = 5;

  private final JobRequests requests;
  private final JobDao jobs;
  private final JobListDao listing;
  private final QuartzJobs quartz;
  private final RunningExecutionDao running;
  private final ExecutionDao executions;
  private final StoredDefinitions definitions;
  private final AuditLog audit;
  private final Clock clock;
  private final DependencyRules dependencies;

  public JobService(
      JobRequests requests,
      JobDao jobs,
      JobListDao listing,
      org.quartz.Scheduler scheduler,
      RunningExecutionDao running,
      ExecutionDao executions,
      ObjectMapper json,
      AuditLog audit,
      Clock clock,
      DependencyRules dependencies) {
    this.requests = requests;
    this.jobs = jobs;
    this.listing = listing;
    this.quartz = new QuartzJobs(scheduler, clock);
    this.running = running;
    this.executions = executions;
    this.definitions = new StoredDefinitions(json);
    this.audit = audit;
    this.clock = clock;
    this.dependencies = dependencies;
  }

  /** What {@link #replace} did. */
  public record Replaced(JobRow job, boolean created) {}

  /** Creates a job; its audit entry is written in the same transaction. */
  public JobRow create(JobRequest request, Source source, JobAudit by) {
    JobDefinition definition = requests.validate(request, null, null);
    dependencies.check(definition);
    Instant now = clock.instant();
    // A new incarnation: runs of a job deleted earlier under this key are not this job's.
    String incarnation = UUID.randomUUID().toString();
    AtomicReference<JobRow> created = new AtomicReference<>();
    jobs.insert(
        definitions.stored(definition, 1, source, now, now, incarnation),
        dependencies.edges(definition),
        () -> {
          quartz.create(definition);
          try {
            created.set(
                recordChange(by, "job.create", definition.group(), definition.name(), null));
          } catch (RuntimeException e) {
            QuartzJobs.undo(e, () -> quartz.delete(definition.key()));
            throw e;
          }
        });
    return created.get();
  }

  public Optional<JobRow> find(String group, String name) {
    return listing.find(group, name);
  }

  public JobRow get(String group, String name) {
    return find(group, name).orElseThrow(() -> notFound(group, name));
  }

  /**
   * Creates or replaces a job. A precondition naming a version replaces only that version (412
   * otherwise, also when the job does not exist); without one the last writer wins.
   */
  public Replaced replace(
      String group,
      String name,
      JobRequest request,
      Precondition ifMatch,
      Source source,
      JobAudit by) {
    JobDefinition definition = requests.validate(request, group, name);
    dependencies.check(definition);
    for (int attempt = 0; attempt < REPLACE_ATTEMPTS; attempt++) {
      Optional<JobRow> current = listing.find(group, name);
      if (current.isEmpty()) {
        if (ifMatch.requiresExisting()) {
          throw new StaleVersionException("job " + group + "/" + name + " does not exist");
        }
        try {
          return new Replaced(create(definition.normalised(), source, by), true);
        } catch (ConflictException createdMeanwhile) {
          continue;
        }
      }
      StoredJob old = current.get().job();
      if (!ifMatch.accepts(old.version())) {
        throw stale(group, name, ifMatch);
      }
      Object before = by.shown().apply(current.get());
      StoredJob next =
          definitions.stored(
              definition,
              old.version() + 1,
              source,
              old.createdAt(),
              clock.instant(),
              old.incarnation());
      AtomicReference<JobRow> replaced = new AtomicReference<>();
      Runnable alongside =
          () -> {
            quartz.write(definition);
            try {
              replaced.set(recordChange(by, by.replacing(), group, name, before));
            } catch (RuntimeException e) {
              QuartzJobs.undo(e, () -> quartz.write(inQuartz(old)));
              throw e;
            }
          };
      if (jobs.replace(next, dependencies.edges(definition), old.version(), alongside)) {
        return new Replaced(replaced.get(), false);
      }
      if (ifMatch.namesVersion()) {
        throw stale(group, name, ifMatch);
      }
    }
    throw new ConflictException("job " + group + "/" + name + " is being changed by others; retry");
  }

  /**
   * Deletes a job. A precondition naming versions deletes only those (412 otherwise, also when the
   * job does not exist). A job that is running is refused (409) unless {@code interrupt}: then its
   * running executions are asked to stop, on whichever node runs them, and it is deleted. Returns
   * how many running executions were asked to stop.
   */
  public int delete(
      String group, String name, Precondition ifMatch, boolean interrupt, JobAudit by) {
    Optional<JobRow> current = listing.find(group, name);
    if (current.isEmpty()) {
      if (ifMatch.requiresExisting()) {
        throw new StaleVersionException("job " + group + "/" + name + " does not exist");
      }
      throw notFound(group, name);
    }
    long version = current.get().job().version();
    Object before = by.shown().apply(current.get());
    if (!ifMatch.accepts(version)) {
      throw stale(group, name, ifMatch);
    }
    int runs = running.countOf(group, name);
    if (runs > 0 && !interrupt) {
      throw new ConflictException(
          String.format(
              "job %s/%s is running (%d execution(s)); interrupt it first, or delete with"
                  + " ?interrupt=true to stop its runs and delete it",
              group, name, runs));
    }
    JobKey key = JobKey.jobKey(name, group);
    Long expected = ifMatch.namesVersion() ? version : null;
    Runnable alongside =
        () -> {
          quartz.delete(key);
          try {
            audit.record(by.actor(), "job.delete", JobAudit.target(group, name), before, null);
          } catch (RuntimeException e) {
            // The job as committed, which this transaction has deleted but not yet for others.
            QuartzJobs.undo(
                e,
                () -> quartz.write(inQuartz(jobs.find(group, name).orElse(current.get().job()))));
            throw e;
          }
        };
    if (!jobs.delete(group, name, expected, alongside)) {
      if (ifMatch.namesVersion()) {
        throw stale(group, name, ifMatch);
      }
      throw notFound(group, name);
    }
    if (!interrupt) {
      return 0;
    }
    // After the delete committed, so that no run finishing meanwhile waits on the deleted row;
    // the requests and their audit entry are one transaction of their own.
    return audit.atomically(
        () -> {
          int interrupted = executions.requestInterrupt(group, name, clock.instant());
          if (interrupted > 0) {
            audit.record(
                by.actor(),
                "job.interrupt",
                JobAudit.target(group, name),
                null,
                Map.of("executions", interrupted));
          }
          return interrupted;
        });
  }

  /**
   * Records a change in the audit log from inside its transaction: the job is read on the
   * transaction's own connection, so the entry shows it as the change leaves it. Returns that row.
   */
  JobRow recordChange(JobAudit by, String action, String group, String name, Object before) {
    JobRow after = find(group, name).orElseThrow(() -> notFound(group, name));
    audit.record(by.actor(), action, JobAudit.target(group, name), before, by.shown().apply(after));
    return after;
  }

  /**
   * A stored job as Quartz should have it: its stored definition, paused or not as its enabled
   * column says (a pause leaves the definition as it was sent).
   */
  JobDefinition inQuartz(StoredJob job) {
    return requests.validateDeclared(definitions.read(job)).withEnabled(job.enabled());
  }

  public JobPage list(JobFilter filter, String cursor, int limit) {
    return JobPage.read(listing, filter, cursor, limit);
  }

  /**
   * Whether the job is stored exactly as defined and owned by {@code source}. Compares the stored
   * JSON with the definition written the same way, so numbers read back from JSON compare right.
   */
  public boolean storedAs(JobDefinition definition, Source source) {
    return jobs.find(definition.group(), definition.name())
        .filter(job -> job.source().equals(source.json()))
        .filter(job -> job.definitionJson().equals(definitions.write(definition.normalised())))
        .isPresent();
  }

  public List<JobId> idsFrom(Source source) {
    return jobs.idsFrom(source.json());
  }

  /**
   * Checks jobs saved together ({@code apply}, config.yml) for missing upstreams and cycles as a
   * set, and gives them upstreams first, the order to save them in (see {@link DependencyRules}).
   */
  public List<JobDefinition> inDependencyOrder(
      List<JobDefinition> definitions, IntFunction<String> prefix) {
    return dependencies.checkTogether(definitions, prefix);
  }

  /** What a job waits on and what waits on it. */
  public DependencyRules.Chain chain(String group, String name) {
    return dependencies.chain(group, name);
  }

  /** The stored definition of a job, as a request (the form it is shown in). */
  public JobRequest read(StoredJob job) {
    return definitions.read(job);
  }

  static NotFoundException notFound(String group, String name) {
    return new NotFoundException("job " + group + "/" + name + " does not exist");
  }

  private static StaleVersionException stale(String group, String name, Precondition ifMatch) {
    return new StaleVersionException(
        String.format(
            "job %s/%s is not at the version If-Match names (%s); fetch it again for its current"
                + " ETag",
            group, name, ifMatch.describe()));
  }
}

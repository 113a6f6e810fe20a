package io.carillon.server.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carillon.server.common.FieldError;
import io.carillon.server.common.InvalidInputException;
import io.carillon.server.common.JobFilter;
import io.carillon.server.common.JobId;
import io.carillon.server.common.JobRow;
import io.carillon.server.common.Source;
import io.carillon.server.common.StaleVersionException;
import io.carillon.server.common.StoredJob;
import io.carillon.server.core.definition.JobRequest;
import io.carillon.server.core.schedule.CronSchedule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Job definitions as documents: what {@code export} writes, {@code apply} reads (with {@code
 * kubectl apply} semantics) and a JSON Merge Patch changes. A definition is the job as {@code POST
 * /jobs} takes it, every default filled in, with {@code enabled} as the job is now.
 */
public final class JobDocuments {
  private static final int PAGE = JobPage.MAX;

  private final JobService jobs;
  private final JobRequests requests;
  private final DeclaredJobs declared;
  private final ObjectMapper json;

  public JobDocuments(
      JobService jobs, JobRequests requests, DeclaredJobs declared, ObjectMapper json) {
    this.jobs = jobs;
    this.requests = requests;
    this.declared = declared;
    this.json = json;
  }

  /** What apply does (or would do) to one job; {@code before}/{@code after} null when none. */
  public record Applied(
      JobId job, Action action, List<MergePatch.FieldDiff> diff, JobRow before, JobRow after) {}

  public enum Action {
    CREATE,
    UPDATE,
    UNCHANGED,
    DELETE
  }

  /** Every job the filter matches, as definitions, in key order. */
  public List<JsonNode> export(JobFilter filter) {
    List<JsonNode> out = new ArrayList<>();
    forEach(filter, row -> out.add(definition(row.job())));
    return out;
  }

  /** The job's definition as JSON without null fields: the form export and the diff use. */
  public ObjectNode definition(StoredJob job) {
    JobRequest stored = jobs.read(job);
    ObjectNode tree = json.valueToTree(stored);
    if (stored.schedule() != null) {
      // A cron stored before zones were filled in runs in UTC; say so, as the view does.
      tree.set(
          "schedule",
          json.valueToTree(stored.schedule().withDefaultZone(CronSchedule.DEFAULT_ZONE)));
    }
    // The enabled column is the truth for pause state (see JobService).
    tree.put("enabled", job.enabled());
    return withoutNulls(tree);
  }

  /**
   * Makes the store hold {@code documents}: creates missing jobs, updates changed ones, leaves the
   * same alone, and with {@code prune} deletes API-managed jobs within {@code pruneScope} that the
   * documents do not list. Every document is validated first (400 naming {@code jobs[i].field}) and
   * a change to a config-declared job is refused (409) before anything changes; then the jobs
   * change one at a time in order. {@code dryRun}: the same answer, nothing changed.
   */
  public List<Applied> apply(
      List<JobRequest> documents,
      boolean prune,
      JobFilter pruneScope,
      boolean dryRun,
      JobAudit by) {
    List<JobDefinition> given = validate(documents);
    // Upstreams first, so that each job's upstreams exist when it is written.
    List<JobDefinition> definitions = jobs.inDependencyOrder(given, i -> "jobs[" + i + "].");
    List<Applied> plan = new ArrayList<>();
    Set<JobId> listed = new HashSet<>();
    for (JobDefinition definition : definitions) {
      JobId id = new JobId(definition.group(), definition.name());
      listed.add(id);
      Optional<JobRow> current = jobs.find(id.group(), id.name());
      ObjectNode after = withoutNulls(json.valueToTree(definition.normalised()));
      if (current.isEmpty()) {
        plan.add(
            new Applied(
                id, Action.CREATE, MergePatch.diff(json.createObjectNode(), after), null, null));
        continue;
      }
      List<MergePatch.FieldDiff> diff = MergePatch.diff(definition(current.get().job()), after);
      if (diff.isEmpty()) {
        plan.add(new Applied(id, Action.UNCHANGED, diff, current.get(), current.get()));
      } else {
        declared.requireApiManaged(current.get().job());
        plan.add(new Applied(id, Action.UPDATE, diff, current.get(), null));
      }
    }
    if (prune) {
      forEach(
          pruneScope,
          row -> {
            JobId id = new JobId(row.job().group(), row.job().name());
            if (!listed.contains(id) && Source.API.json().equals(row.job().source())) {
              plan.add(
                  new Applied(
                      id,
                      Action.DELETE,
                      MergePatch.diff(definition(row.job()), json.createObjectNode()),
                      row,
                      null));
            }
          });
    }
    if (dryRun) {
      return plan;
    }
    List<Applied> done = new ArrayList<>();
    for (int i = 0; i < plan.size(); i++) {
      Applied step = plan.get(i);
      done.add(i < definitions.size() ? write(step, definitions.get(i), by) : delete(step, by));
    }
    return done;
  }

  private Applied write(Applied step, JobDefinition definition, JobAudit by) {
    if (step.action() == Action.UNCHANGED) {
      return step;
    }
    JobService.Replaced result =
        jobs.replace(
            definition.group(),
            definition.name(),
            definition.normalised(),
            step.before() == null
                ? Precondition.NONE
                : Precondition.version(step.before().job().version()),
            Source.API,
            by);
    return new Applied(step.job(), step.action(), step.diff(), step.before(), result.job());
  }

  private Applied delete(Applied step, JobAudit by) {
    jobs.delete(
        step.job().group(),
        step.job().name(),
        Precondition.version(step.before().job().version()),
        false,
        by);
    return step;
  }

  /**
   * Applies an RFC 7396 JSON Merge Patch to the job's definition and replaces the job with the
   * result, at the version read (or the one If-Match names). A patch that makes the job invalid is
   * a 400 naming the field, like a PUT of the result.
   */
  public JobService.Replaced patch(
      String group, String name, JsonNode patch, Precondition ifMatch, JobAudit by)
      throws JsonProcessingException {
    if (patch == null || !patch.isObject()) {
      throw new InvalidInputException("body", "a JSON Merge Patch (a JSON object) is required");
    }
    JobRow row = jobs.get(group, name);
    declared.requireApiManaged(row.job());
    if (!ifMatch.accepts(row.job().version())) {
      throw new StaleVersionException(
          "job "
              + group
              + "/"
              + name
              + " is not at the version If-Match names ("
              + ifMatch.describe()
              + "); fetch it again for its current ETag");
    }
    JsonNode merged = MergePatch.merge(definition(row.job()), patch);
    JobRequest request = json.treeToValue(merged, JobRequest.class);
    Precondition read =
        ifMatch.namesVersion() ? ifMatch : Precondition.version(row.job().version());
    return jobs.replace(group, name, request, read, Source.API, by.replacingAs("job.patch"));
  }

  private List<JobDefinition> validate(List<JobRequest> documents) {
    if (documents == null) {
      throw new InvalidInputException("jobs", "a list of jobs is required");
    }
    List<FieldError> errors = new ArrayList<>();
    List<JobDefinition> definitions = new ArrayList<>();
    Set<JobId> seen = new HashSet<>();
    for (int i = 0; i < documents.size(); i++) {
      JobRequest document = documents.get(i);
      if (document == null) {
        errors.add(new FieldError("jobs[" + i + "]", "must be a job (JSON object)"));
        continue;
      }
      try {
        JobDefinition definition = requests.validate(document, null, null);
        if (!seen.add(new JobId(definition.group(), definition.name()))) {
          errors.add(
              new FieldError(
                  "jobs[" + i + "]",
                  definition.group() + "/" + definition.name() + " is listed twice"));
        }
        definitions.add(definition);
      } catch (InvalidInputException e) {
        for (FieldError error : e.errors()) {
          errors.add(new FieldError("jobs[" + i + "]." + error.field(), error.message()));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
    return definitions;
  }

  private void forEach(JobFilter filter, java.util.function.Consumer<JobRow> action) {
    String cursor = null;
    do {
      JobPage page = jobs.list(filter, cursor, PAGE);
      page.items().forEach(action);
      cursor = page.nextCursor();
    } while (cursor != null);
  }

  private static ObjectNode withoutNulls(ObjectNode tree) {
    List<String> nulls = new ArrayList<>();
    tree.properties()
        .forEach(
            field -> {
              if (field.getValue().isNull()) {
                nulls.add(field.getKey());
              } else if (field.getValue().isObject()) {
                withoutNulls((ObjectNode) field.getValue());
              }
            });
    nulls.forEach(tree::remove);
    return tree;
  }
}

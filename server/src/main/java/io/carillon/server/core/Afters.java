package io.carillon.server.core;

import io.carillon.jobs.JobType;
import io.carillon.jobs.ParameterSpec;
import io.carillon.server.common.DependencyOn;
import io.carillon.server.common.FieldError;
import io.carillon.server.common.JobId;
import io.carillon.server.core.definition.AfterSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks a job's {@code after} list on its own (the store-wide checks, unknown upstreams and
 * cycles, are {@link DependencyGraph}'s) and gives it in stored form: {@code group/name} spelled
 * out, {@code on} filled in, null when empty so that a job without dependencies is stored as
 * before.
 */
final class Afters {
  static final int MAX_AFTER = 20;
  static final int MAX_FIELD = 200;

  private Afters() {}

  static List<AfterSpec> validate(
      List<FieldError> errors,
      JobId self,
      Optional<JobType> type,
      List<String> overridable,
      List<AfterSpec> after) {
    if (after == null || after.isEmpty()) {
      return null;
    }
    if (after.size() > MAX_AFTER) {
      errors.add(new FieldError("after", "at most " + MAX_AFTER + " upstream jobs"));
      return null;
    }
    List<AfterSpec> normalised = new ArrayList<>();
    Set<JobId> seen = new HashSet<>();
    for (int i = 0; i < after.size(); i++) {
      String field = "after[" + i + "]";
      AfterSpec entry = after.get(i);
      if (entry == null) {
        errors.add(new FieldError(field, "must be an object {job, on, params}"));
        continue;
      }
      JobId upstream = upstream(errors, field + ".job", entry.job());
      if (upstream == null) {
        continue;
      }
      if (upstream.equals(self)) {
        errors.add(new FieldError("after", "cycle " + name(self) + " -> " + name(self)));
        continue;
      }
      if (!seen.add(upstream)) {
        errors.add(new FieldError(field + ".job", name(upstream) + " is listed twice"));
        continue;
      }
      Map<String, String> params = params(errors, field + ".params", type, overridable, entry);
      normalised.add(
          new AfterSpec(
              name(upstream), entry.on() == null ? DependencyOn.SUCCESS : entry.on(), params));
    }
    return List.copyOf(normalised);
  }

  /** {@code group/name}, or a bare name in group default; null (and an error) if neither. */
  static JobId upstream(List<FieldError> errors, String field, String job) {
    if (job == null || job.isBlank()) {
      errors.add(new FieldError(field, "is required: the upstream job as group/name"));
      return null;
    }
    int slash = job.indexOf('/');
    String group = slash < 0 ? JobRequests.DEFAULT_GROUP : job.substring(0, slash);
    String name = slash < 0 ? job : job.substring(slash + 1);
    if (!JobRequests.KEY_PART.matcher(group).matches()
        || !JobRequests.KEY_PART.matcher(name).matches()) {
      errors.add(
          new FieldError(
              field, "must be group/name, each part " + JobRequests.KEY_RULE.substring(8)));
      return null;
    }
    return new JobId(group, name);
  }

  /** The upstream of a stored entry (already checked). */
  static JobId upstream(AfterSpec entry) {
    return upstream(new ArrayList<>(), "job", entry.job());
  }

  static String name(JobId job) {
    return job.group() + "/" + job.name();
  }

  private static Map<String, String> params(
      List<FieldError> errors,
      String field,
      Optional<JobType> type,
      List<String> overridable,
      AfterSpec entry) {
    if (entry.params() == null || entry.params().isEmpty()) {
      return null;
    }
    Map<String, String> params = new TreeMap<>();
    for (Map.Entry<String, String> mapping : entry.params().entrySet()) {
      String name = mapping.getKey();
      String at = field + "." + name;
      Optional<ParameterSpec> spec =
          type.flatMap(t -> t.parameters().stream().filter(p -> p.name().equals(name)).findFirst());
      if (type.isPresent() && spec.isEmpty()) {
        errors.add(new FieldError(at, "is not a parameter of type " + type.get().name()));
      } else if (type.isPresent() && !overridable.contains(name)) {
        // The upstream's result is data, not a decision: it may set only what an operator could.
        errors.add(
            new FieldError(
                at,
                "is not in this job's overridable list; only parameters an operator may override"
                    + " can come from the upstream's result"));
      } else if (mapping.getValue() == null
          || mapping.getValue().isBlank()
          || mapping.getValue().length() > MAX_FIELD) {
        errors.add(
            new FieldError(
                at, "must name a field of the upstream's result (1-" + MAX_FIELD + " characters)"));
      } else {
        params.put(name, mapping.getValue());
      }
    }
    return params.isEmpty() ? null : params;
  }
}

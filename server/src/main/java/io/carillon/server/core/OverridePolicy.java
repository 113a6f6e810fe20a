package io.carillon.server.core;

import io.carillon.jobs.JobType;
import io.carillon.jobs.ParameterSpec;
import io.carillon.server.common.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which parameters a "run now" may override, so that running a job never lets a caller do more than
 * their role allows. A parameter the job type fixes ({@link ParameterSpec#overridable()} false: a
 * shell command, a cleanup directory, an http URL) is never overridden. An operator may override
 * only what the job declares {@code overridable}; an admin, who could change the job anyway, may
 * override any other parameter.
 */
final class OverridePolicy {
  private OverridePolicy() {}

  /** Checks a job's {@code overridable} list at save time; returns it sorted, without repeats. */
  static List<String> declared(
      List<FieldError> errors, Optional<JobType> type, List<String> overridable) {
    if (overridable == null || overridable.isEmpty()) {
      return List.of();
    }
    Map<String, ParameterSpec> specs = specs(type);
    Set<String> names = new TreeSet<>();
    for (int i = 0; i < overridable.size(); i++) {
      String name = overridable.get(i);
      String field = "overridable[" + i + "]";
      if (name == null) {
        errors.add(new FieldError(field, "must be a parameter name"));
      } else if (type.isEmpty()) {
        continue; // The unknown type is reported on its own field.
      } else if (!specs.containsKey(name)) {
        errors.add(
            new FieldError(
                field,
                "'" + name + "' is not a parameter of type " + type.get().name() + known(specs)));
      } else if (!specs.get(name).overridable()) {
        errors.add(new FieldError(field, fixed(type.get(), name)));
      } else {
        names.add(name);
      }
    }
    return List.copyOf(names);
  }

  /** The overrides this caller may not make, as {@code params.NAME} errors. */
  static List<FieldError> refusals(
      JobType type, List<String> declared, Set<String> given, boolean byAdmin) {
    Map<String, ParameterSpec> specs = specs(Optional.of(type));
    Set<String> allowed = declared == null ? Set.of() : Set.copyOf(declared);
    List<FieldError> refused = new ArrayList<>();
    for (String name : new TreeSet<>(given)) {
      ParameterSpec spec = specs.get(name);
      if (spec == null) {
        continue;
      }
      if (!spec.overridable()) {
        refused.add(new FieldError("params." + name, fixed(type, name)));
      } else if (!byAdmin && !allowed.contains(name)) {
        refused.add(
            new FieldError(
                "params." + name,
                "this job does not let operators override it (its overridable list is "
                    + new TreeSet<>(allowed)
                    + "); an admin may, or may add it to the list"));
      }
    }
    return refused;
  }

  private static String fixed(JobType type, String name) {
    return "decides what a "
        + type.name()
        + " job does and can never be overridden for one run; change the job instead";
  }

  private static Map<String, ParameterSpec> specs(Optional<JobType> type) {
    return type.map(JobType::parameters).orElse(List.of()).stream()
        .collect(Collectors.toMap(ParameterSpec::name, Function.identity()));
  }

  private static String known(Map<String, ParameterSpec> specs) {
    return specs.isEmpty() ? "" : "; its parameters: " + new TreeSet<>(specs.keySet());
  }
}

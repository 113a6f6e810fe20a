package io.carillon.server.core;

import io.carillon.server.common.FieldError;
import io.carillon.server.common.JobId;
import io.carillon.server.core.definition.AfterSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The store-wide rules of {@code after} (issue 18 §2): every upstream must exist, and no job may
 * wait on itself through others. Checked at save, for the API, {@code apply} and config.yml alike,
 * against the stored edges with the jobs being saved in their new form.
 */
final class DependencyGraph {
  /** Upstreams of each job. */
  private final Map<JobId, List<JobId>> upstreams;

  private final Predicate<JobId> exists;

  /**
   * {@code stored}: the edges in the store; {@code saving}: the jobs being saved, whose edges
   * replace their stored ones; {@code stored jobs}: whether a job exists in the store.
   */
  DependencyGraph(
      Map<JobId, List<JobId>> stored, List<JobDefinition> saving, Predicate<JobId> storedJobs) {
    this.upstreams = new HashMap<>(stored);
    Set<JobId> saved = new HashSet<>();
    for (JobDefinition definition : saving) {
      JobId id = id(definition);
      saved.add(id);
      upstreams.put(id, upstreamsOf(definition));
    }
    this.exists = id -> saved.contains(id) || storedJobs.test(id);
  }

  static JobId id(JobDefinition definition) {
    return new JobId(definition.group(), definition.name());
  }

  static List<JobId> upstreamsOf(JobDefinition definition) {
    List<AfterSpec> after = definition.normalised().after();
    return after == null ? List.of() : after.stream().map(Afters::upstream).toList();
  }

  /** The errors of one job being saved, fields as {@code prefix + "after..."}. */
  List<FieldError> errors(JobDefinition definition, String prefix) {
    List<FieldError> errors = new ArrayList<>();
    JobId self = id(definition);
    List<JobId> direct = upstreamsOf(definition);
    for (int i = 0; i < direct.size(); i++) {
      if (!exists.test(direct.get(i))) {
        errors.add(
            new FieldError(
                prefix + "after[" + i + "].job",
                "job "
                    + direct.get(i)
                    + " does not exist; create the upstream first (apply may create both)"));
      }
    }
    List<JobId> cycle = cycleThrough(self);
    if (!cycle.isEmpty()) {
      errors.add(
          new FieldError(
              prefix + "after",
              "cycle " + cycle.stream().map(JobId::toString).collect(Collectors.joining(" -> "))));
    }
    return errors;
  }

  /** A path from {@code self} back to itself through upstreams, self at both ends; empty: none. */
  List<JobId> cycleThrough(JobId self) {
    LinkedHashMap<JobId, Boolean> path = new LinkedHashMap<>();
    path.put(self, true);
    Set<JobId> done = new HashSet<>();
    List<JobId> found = walk(self, self, path, done);
    return found == null ? List.of() : found;
  }

  private List<JobId> walk(
      JobId at, JobId self, LinkedHashMap<JobId, Boolean> path, Set<JobId> done) {
    for (JobId next : upstreams.getOrDefault(at, List.of())) {
      if (next.equals(self)) {
        // Shown in the order runs flow: upstream first, as an operator reads a chain.
        List<JobId> cycle = new ArrayList<>(path.keySet());
        cycle.add(self);
        java.util.Collections.reverse(cycle);
        return cycle;
      }
      if (path.containsKey(next) || !done.add(next)) {
        continue;
      }
      path.put(next, true);
      List<JobId> found = walk(next, self, path, done);
      if (found != null) {
        return found;
      }
      path.remove(next);
    }
    return null;
  }

  /** The jobs being saved, each after those of them it waits on (their order kept otherwise). */
  static List<JobDefinition> upstreamFirst(List<JobDefinition> definitions) {
    Map<JobId, JobDefinition> byId = new LinkedHashMap<>();
    definitions.forEach(definition -> byId.put(id(definition), definition));
    List<JobDefinition> ordered = new ArrayList<>();
    Set<JobId> placed = new HashSet<>();
    for (JobDefinition definition : definitions) {
      place(definition, byId, placed, new HashSet<>(), ordered);
    }
    return ordered;
  }

  private static void place(
      JobDefinition definition,
      Map<JobId, JobDefinition> byId,
      Set<JobId> placed,
      Set<JobId> visiting,
      List<JobDefinition> ordered) {
    JobId id = id(definition);
    if (placed.contains(id) || !visiting.add(id)) {
      return;
    }
    for (JobId upstream : upstreamsOf(definition)) {
      if (byId.containsKey(upstream)) {
        place(byId.get(upstream), byId, placed, visiting, ordered);
      }
    }
    placed.add(id);
    ordered.add(definition);
  }
}

package io.carillon.server.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carillon.server.common.CarillonException;
import io.carillon.server.common.DependencyOn;
import io.carillon.server.common.FieldError;
import io.carillon.server.common.InvalidInputException;
import io.carillon.server.common.JobId;
import io.carillon.server.core.definition.AfterSpec;
import io.carillon.server.db.DependencyDao;
import io.carillon.server.db.DependencyDao.Edge;
import io.carillon.server.db.DependencyDao.JobEdge;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * What saving a job with {@code after} must respect, and the edges it stores. Two saves racing to
 * close a cycle between them could both pass; the dispatcher never loops on one (each run starts
 * its downstreams once), and the next save of either job refuses it.
 */
public final class DependencyRules {
  private final DependencyDao edges;
  private final Predicate<JobId> exists;
  private final ObjectMapper json;

  public DependencyRules(DependencyDao edges, Predicate<JobId> exists, ObjectMapper json) {
    this.edges = edges;
    this.exists = exists;
    this.json = json;
  }

  /** 400 naming {@code after} if the job waits on a missing job or on itself through others. */
  void check(JobDefinition definition) {
    if (definition.normalised().after() == null) {
      return; // Removing a job's own edges never makes an upstream missing or closes a cycle.
    }
    List<FieldError> errors = graph(List.of(definition)).errors(definition, "");
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
  }

  /**
   * Checks a set saved together ({@code apply}, config.yml) as a whole, so an upstream listed after
   * its downstream is no error; returns the set upstreams first, the order to save them in. Fields
   * are named by {@code prefix} of each job's index in {@code definitions}.
   */
  public List<JobDefinition> checkTogether(
      List<JobDefinition> definitions, IntFunction<String> prefix) {
    if (definitions.stream().allMatch(d -> d.normalised().after() == null)) {
      return definitions;
    }
    DependencyGraph graph = graph(definitions);
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; i < definitions.size(); i++) {
      errors.addAll(graph.errors(definitions.get(i), prefix.apply(i)));
    }
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
    return DependencyGraph.upstreamFirst(definitions);
  }

  /** The edges to store for a job. */
  List<Edge> edges(JobDefinition definition) {
    List<AfterSpec> after = definition.normalised().after();
    if (after == null) {
      return List.of();
    }
    List<Edge> result = new ArrayList<>();
    for (AfterSpec entry : after) {
      JobId upstream = Afters.upstream(entry);
      result.add(
          new Edge(upstream.group(), upstream.name(), entry.on().json(), write(entry.params())));
    }
    return result;
  }

  /** A job on the other end of a dependency ({@code group/name}), and its {@code on}. */
  public record Link(String job, DependencyOn on) {}

  /** What a job waits on and what waits on it, as stored. */
  public record Chain(List<Link> upstreams, List<Link> downstreams) {}

  public Chain chain(String group, String name) {
    return new Chain(
        edges.upstreamsOf(group, name).stream()
            .map(e -> link(e.edge().upstreamGroup(), e.edge().upstreamName(), e.edge().on()))
            .toList(),
        edges.downstreamsOf(group, name).stream()
            .map(e -> link(e.group(), e.name(), e.edge().on()))
            .toList());
  }

  private static Link link(String group, String name, String on) {
    return new Link(group + "/" + name, DependencyOn.of(on));
  }

  private DependencyGraph graph(List<JobDefinition> saving) {
    Map<JobId, List<JobId>> stored = new HashMap<>();
    for (JobEdge edge : edges.all()) {
      stored
          .computeIfAbsent(new JobId(edge.group(), edge.name()), id -> new ArrayList<>())
          .add(new JobId(edge.edge().upstreamGroup(), edge.edge().upstreamName()));
    }
    return new DependencyGraph(stored, saving, exists);
  }

  private String write(Map<String, String> params) {
    if (params == null || params.isEmpty()) {
      return null;
    }
    try {
      return json.writeValueAsString(params);
    } catch (JsonProcessingException e) {
      throw new CarillonException("cannot write a parameter mapping", e);
    }
  }
}

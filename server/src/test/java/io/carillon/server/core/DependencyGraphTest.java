package io.carillon.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.carillon.server.common.DependencyOn;
import io.carillon.server.common.ExecutionStatus;
import io.carillon.server.common.FieldError;
import io.carillon.server.common.JobId;
import io.carillon.server.core.definition.AfterSpec;
import io.carillon.server.core.definition.JobRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DependencyGraphTest {
  private static final Set<JobId> STORED =
      Set.of(new JobId("etl", "a"), new JobId("etl", "b"), new JobId("etl", "c"));

  @Test
  void a_save_that_closes_a_loop_is_refused_naming_the_path_in_the_order_runs_flow() {
    // Stored: b runs after a, c after b. Saving a after c closes a -> b -> c -> a.
    Map<JobId, List<JobId>> stored =
        Map.of(id("etl/b"), List.of(id("etl/a")), id("etl/c"), List.of(id("etl/b")));
    JobDefinition a = job("etl/a", "etl/c");

    List<FieldError> errors =
        new DependencyGraph(stored, List.of(a), STORED::contains).errors(a, "");

    assertThat(errors)
        .containsExactly(new FieldError("after", "cycle etl/a -> etl/b -> etl/c -> etl/a"));
  }

  @Test
  void a_diamond_is_no_cycle_and_an_unknown_upstream_is_named_by_its_index() {
    Map<JobId, List<JobId>> stored =
        Map.of(id("etl/b"), List.of(id("etl/a")), id("etl/c"), List.of(id("etl/a")));
    JobDefinition d = job("etl/d", "etl/b", "etl/c", "etl/nowhere");

    List<FieldError> errors =
        new DependencyGraph(stored, List.of(d), STORED::contains).errors(d, "x.");

    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).field()).isEqualTo("x.after[2].job");
    assertThat(errors.get(0).message()).startsWith("job etl/nowhere does not exist");
  }

  @Test
  void jobs_saved_together_are_ordered_upstreams_first_keeping_the_order_otherwise() {
    JobDefinition load = job("etl/load", "etl/transform");
    JobDefinition other = job("etl/other");
    JobDefinition transform = job("etl/transform", "etl/extract");
    JobDefinition extract = job("etl/extract");

    List<JobDefinition> ordered =
        DependencyGraph.upstreamFirst(List.of(load, other, transform, extract));

    assertThat(ordered.stream().map(JobDefinition::name))
        .containsExactly("extract", "transform", "load", "other");
  }

  @Test
  void on_success_failure_and_finished_match_the_ended_statuses() {
    assertThat(DependencyOn.SUCCESS.matches(ExecutionStatus.SUCCEEDED)).isTrue();
    assertThat(DependencyOn.SUCCESS.matches(ExecutionStatus.FAILED)).isFalse();
    assertThat(DependencyOn.FAILURE.matches(ExecutionStatus.TIMED_OUT)).isTrue();
    assertThat(DependencyOn.FAILURE.matches(ExecutionStatus.ABANDONED)).isTrue();
    assertThat(DependencyOn.FAILURE.matches(ExecutionStatus.SUCCEEDED)).isFalse();
    assertThat(DependencyOn.FINISHED.matches(ExecutionStatus.INTERRUPTED)).isTrue();
  }

  @Test
  void parameters_are_taken_from_the_fields_the_result_has() throws Exception {
    ObjectMapper json = new ObjectMapper();

    Map<String, Object> mapped =
        DependencyOverrides.mapped(
            json,
            "{\"batchId\":\"b-42\",\"rows\":7,\"empty\":null}",
            "{\"batch\":\"batchId\",\"count\":\"rows\",\"gone\":\"missing\",\"none\":\"empty\"}");

    assertThat(mapped).containsOnly(Map.entry("batch", "b-42"), Map.entry("count", 7));
    assertThat(DependencyOverrides.mapped(json, null, "{\"batch\":\"batchId\"}")).isEmpty();
  }

  private static JobId id(String job) {
    String[] parts = job.split("/");
    return new JobId(parts[0], parts[1]);
  }

  private static JobDefinition job(String job, String... after) {
    JobId id = id(job);
    List<AfterSpec> specs =
        after.length == 0
            ? null
            : Arrays.stream(after).map(a -> new AfterSpec(a, DependencyOn.SUCCESS, null)).toList();
    JobRequest request =
        new JobRequest(
            id.group(),
            id.name(),
            "noop",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            specs);
    return new JobDefinition(request, null, null, null);
  }
}

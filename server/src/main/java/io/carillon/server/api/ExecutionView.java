package io.carillon.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * One run of a job (SPEC §5). The output is served on its own, as text, at {@code
 * /executions/{id}/output}; {@code result} is the job's JSON summary as the job wrote it. {@code
 * rerunOf} and {@code reruns} (one run only, not in lists) link a rerun and the run it repeats;
 * {@code upstream} and {@code downstream} (the same) a dependency's run and the run that started
 * it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionView(
    String id,
    String group,
    String name,
    String node,
    String status,
    String trigger,
    int attempt,
    @io.swagger.v3.oas.annotations.media.Schema(
            description =
                "the fire time the run was due at; for a backfilled run the schedule's fire time it"
                    + " stands for (its logical time), and for a rerun of a scheduled or"
                    + " backfilled run the original's logical time")
        Instant scheduledAt,
    Instant startedAt,
    Instant finishedAt,
    Long durationMs,
    String error,
    @JsonRawValue String result,
    boolean outputTruncated,
    Instant interruptRequestedAt,
    String rerunOf,
    java.util.List<String> reruns,
    @io.swagger.v3.oas.annotations.media.Schema(
            description = "for trigger dependency: the upstream run whose end started this one")
        String upstream,
    @io.swagger.v3.oas.annotations.media.Schema(
            description = "what its end did for each job waiting on this one")
        java.util.List<DependentRun> downstream) {}

package io.carillon.server.core.definition;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code history}: how many of a job's finished runs its history keeps, besides the global pruning
 * ({@code executions.maxAge}, {@code maxPerJob}, which still apply). Either left out: no limit of
 * its own for those runs.
 */
public record HistorySpec(
    @Schema(
            minimum = "1",
            maximum = "1000000",
            description =
                "Runs that did not fail (succeeded, skipped, recovered) kept, newest first")
        Integer keep,
    @Schema(
            minimum = "1",
            maximum = "1000000",
            description =
                "Failed runs (failed, timed out, interrupted, abandoned) kept, newest first")
        Integer keepFailed) {}

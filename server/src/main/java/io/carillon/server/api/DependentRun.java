package io.carillon.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What the end of a run did for one job waiting on it (issue 18 §2): started a run of it ({@code
 * dispatched}, with its {@code executionId}), or not and why ({@code detail}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DependentRun(
    @Schema(description = "the waiting job, group/name") String job,
    @Schema(
            description =
                "dispatched, dispatching (being started), none (did not end as on asks, or a"
                    + " retry follows), skipped (job paused or gone), refused (parameters from the"
                    + " result not valid)")
        String outcome,
    String executionId,
    String detail) {}

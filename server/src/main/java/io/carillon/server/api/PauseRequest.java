package io.carillon.server.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * The optional body of a pause (a job, a group, the whole cluster): why, and when it ends by
 * itself.
 */
public record PauseRequest(
    @Schema(description = "Why it is paused; shown wherever its state is. At most 500 characters.")
        String reason,
    @Schema(
            description =
                "When it resumes by itself (once, on one node of the cluster); in the future, at"
                    + " most 400 days ahead. Absent: until someone resumes it.")
        Instant until) {}

package io.carillon.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.core.definition.JobRequest;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * Job definitions as {@code GET /jobs/export} gives them and {@code POST /jobs/apply} takes them:
 * {@code {"jobs": [...]}}, each as {@code POST /jobs} takes it. The same form as config.yml's
 * {@code jobs:}.
 */
public record JobList(
    @ArraySchema(schema = @Schema(implementation = JobRequest.class)) List<JsonNode> jobs) {}

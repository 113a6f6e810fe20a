package io.carillon.server.core.definition;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.carillon.server.common.DependencyOn;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/**
 * One {@code after} entry of a job (issue 18 §2): run the job once for each run of {@code job} that
 * ends as {@code on} says. {@code params} maps a parameter of this job to a field of the upstream
 * run's {@code result}; each mapped parameter must be one the job lists as {@code overridable}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AfterSpec(
    @Schema(
            description = "the upstream job, group/name (a bare name is in group default)",
            example = "etl/extract")
        String job,
    @Schema(
            description = "how the upstream run must end: success (default), failure or finished",
            defaultValue = "success")
        DependencyOn on,
    @Schema(
            description =
                "parameter of this job -> top-level field of the upstream run's result; a field"
                    + " the result lacks leaves the parameter as the job defines it")
        Map<String, String> params) {}

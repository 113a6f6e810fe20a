package io.carillon.server.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** {@code POST /jobs/{group}/{name}/backfill}: the range whose fire times to run, and a bound. */
public record BackfillRequest(
    @Schema(description = "First instant of the range (its fire times at or after it)")
        Instant from,
    @Schema(description = "Last instant of the range (at or before it); not in the future")
        Instant to,
    @Schema(
            minimum = "1",
            maximum = "1000",
            defaultValue = "100",
            description = "Most fire times it may run; a range with more is refused")
        Integer maxRuns) {}

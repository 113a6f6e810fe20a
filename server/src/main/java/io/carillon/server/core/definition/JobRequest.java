package io.carillon.server.core.definition;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.carillon.server.common.Overlap;
import io.carillon.server.core.schedule.MisfirePolicy;
import io.carillon.server.core.schedule.ScheduleSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * A job as a client sends it to {@code POST /jobs} or {@code PUT /jobs/{group}/{name}}. Only {@code
 * name} and {@code type} are required; every other field has a default (SPEC §4). {@code
 * overridable} names the parameters an operator may override for one run ({@code POST .../run});
 * none by default. The read-only fields of a job's view ({@code api.JobView}) are accepted and
 * ignored, so that what {@code GET} returns can be sent back with {@code PUT} unchanged. {@code
 * expect} says when the job counts as late (see {@link ExpectSpec}); {@code history} how many of
 * its runs are kept (see {@link HistorySpec}); {@code after} which upstream runs start it (see
 * {@link AfterSpec}).
 */
@JsonIgnoreProperties(
    value = {
      "state",
      "nextFireAt",
      "previousFireAt",
      "executions",
      "failures",
      "misfires",
      "lastExecution",
      "lastDurationMs",
      "lastError",
      "source",
      "version",
      "createdAt",
      "updatedAt",
      "late",
      "lateSince",
      "lateReason",
      "lastSuccessAt",
      "pause",
      "downstream"
    })
public record JobRequest(
    @Schema(pattern = NAME_PATTERN, defaultValue = "default") String group,
    @Schema(pattern = NAME_PATTERN) String name,
    String type,
    String description,
    Map<String, Object> params,
    List<String> overridable,
    ScheduleSpec schedule,
    MisfirePolicy misfire,
    Overlap overlap,
    RetrySpec retry,
    String timeout,
    Boolean recover,
    @JsonProperty("notify") NotifySpec notifications,
    Map<String, String> labels,
    Boolean enabled,
    ExpectSpec expect,
    HistorySpec history,
    @Schema(
            pattern = NAME_PATTERN,
            description = "A calendar (PUT /calendars/{name}) whose excluded times the job skips")
        String calendar,
    @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(
            description =
                "Upstream jobs: this job runs once for each of their runs that ends as `on` says"
                    + " (any one of them; there is no join)")
        List<AfterSpec> after) {
  /** Group and job names: 1-100 of A-Z a-z 0-9 . _ -, but not "." or "..". */
  public static final String NAME_PATTERN = "^(?!\\.{1,2}$)[A-Za-z0-9._-]{1,100}$";
}

package io.carillon.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.carillon.server.common.Overlap;
import io.carillon.server.core.definition.AfterSpec;
import io.carillon.server.core.definition.ExpectSpec;
import io.carillon.server.core.definition.HistorySpec;
import io.carillon.server.core.definition.NotifySpec;
import io.carillon.server.core.definition.RetrySpec;
import io.carillon.server.core.schedule.MisfirePolicy;
import io.carillon.server.core.schedule.ScheduleSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A job as the API shows it: its definition, where it stands now, and its version for ETag. {@code
 * late} (with {@code lateSince} and {@code lateReason}) is the cluster's late-job check's verdict:
 * a fire time passed without a start, or the last success ({@code lastSuccessAt}) is too old.
 * {@code pause}: while it is paused, the pause that holds it (its own, its group's, the cluster's).
 * {@code after} and {@code downstream} are its chain: what it waits on and what waits on it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(
    String group,
    String name,
    String type,
    String description,
    Map<String, Object> params,
    List<String> overridable,
    ScheduleSpec schedule,
    MisfirePolicy misfire,
    Overlap overlap,
    RetrySpec retry,
    String timeout,
    boolean recover,
    @JsonProperty("notify") NotifySpec notifications,
    Map<String, String> labels,
    boolean enabled,
    String state,
    Instant nextFireAt,
    Instant previousFireAt,
    long executions,
    long failures,
    long misfires,
    ExecutionSummary lastExecution,
    Long lastDurationMs,
    @Schema(
            description =
                "why the last run did not succeed, in one line (null when it did): a shell job's"
                    + " exit status and last lines, an http job's status and start of the body")
        String lastError,
    String source,
    long version,
    Instant createdAt,
    Instant updatedAt,
    ExpectSpec expect,
    boolean late,
    Instant lateSince,
    String lateReason,
    Instant lastSuccessAt,
    PauseView pause,
    HistorySpec history,
    String calendar,
    @Schema(description = "upstream jobs whose runs start this one (issue 18 §2)")
        List<AfterSpec> after,
    @Schema(
            description =
                "jobs that wait on this one (their after lists name it); in the view of one job"
                    + " only, not in lists; left out when none")
        List<DependencyView> downstream) {}

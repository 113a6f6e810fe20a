package io.carillon.server.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.carillon.server.core.Overlap;
import io.carillon.server.core.schedule.MisfirePolicy;
import io.carillon.server.core.schedule.ScheduleSpec;
import java.util.List;
import java.util.Map;

/**
 * A job as a client sends it to {@code POST /jobs} or {@code PUT /jobs/{group}/{name}}. Only {@code
 * name} and {@code type} are required; every other field has a default (SPEC §4). {@code
 * overridable} names the parameters an operator may override for one run ({@code POST .../run});
 * none by default.
 */
public record JobRequest(
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
    Boolean recover,
    @JsonProperty("notify") NotifySpec notifications,
    Map<String, String> labels,
    Boolean enabled) {}

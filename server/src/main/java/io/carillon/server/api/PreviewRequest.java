package io.carillon.server.api;

import io.carillon.server.core.schedule.ScheduleSpec;

/** {@code POST /schedules/preview}: a schedule and how many of its next fire times to show. */
public record PreviewRequest(ScheduleSpec schedule, Integer count) {}

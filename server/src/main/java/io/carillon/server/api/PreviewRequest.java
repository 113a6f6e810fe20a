package io.carillon.server.api;

import io.carillon.server.core.schedule.ScheduleSpec;

/**
 * {@code POST /schedules/preview}: a schedule and how many of its next fire times to show; with a
 * {@code schedule.jitter}, the job ({@code name}, and {@code group}, default {@code default}) whose
 * stable offset to apply; with a {@code calendar}, the fire times it excludes are skipped and
 * listed with why.
 */
public record PreviewRequest(
    ScheduleSpec schedule, Integer count, String group, String name, String calendar) {}

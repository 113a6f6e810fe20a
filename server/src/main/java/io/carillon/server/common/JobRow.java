package io.carillon.server.common;

import java.time.Instant;

/**
 * A stored job together with what Quartz knows of it now: state and fire times; its counters; and
 * the late-job check's verdict ({@code lateSince} null: not late); the pause that holds it, if one
 * was recorded.
 */
public record JobRow(
    StoredJob job,
    JobState state,
    Instant nextFireAt,
    Instant previousFireAt,
    JobStats stats,
    Instant lateSince,
    String lateReason,
    Instant lastSuccessAt,
    Pause pause) {}

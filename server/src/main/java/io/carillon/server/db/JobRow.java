package io.carillon.server.db;

import java.time.Instant;

/** A stored job together with what Quartz knows of it now: state and fire times; its counters. */
public record JobRow(
    StoredJob job, JobState state, Instant nextFireAt, Instant previousFireAt, JobStats stats) {}

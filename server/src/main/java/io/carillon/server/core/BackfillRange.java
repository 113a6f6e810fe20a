package io.carillon.server.core;

import java.time.Instant;

/** What a backfill asks for: the range whose fire times to run, and the most runs it may make. */
public record BackfillRange(Instant from, Instant to, Integer maxRuns) {}

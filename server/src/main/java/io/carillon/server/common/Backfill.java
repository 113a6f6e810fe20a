package io.carillon.server.common;

import java.time.Instant;
import java.util.List;

/**
 * A backfill as stored: its fire times, how far it got, the run it started last, and the runs it
 * started that were not yet seen to end when it last started one ({@code inFlight}).
 */
public record Backfill(
    String id,
    String group,
    String name,
    Instant from,
    Instant to,
    List<Instant> fireTimes,
    int nextIndex,
    String currentExecution,
    String status,
    String requestedBy,
    Instant requestedAt,
    Instant updatedAt,
    List<String> inFlight) {}

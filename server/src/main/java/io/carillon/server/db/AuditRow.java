package io.carillon.server.db;

import java.time.Instant;

/** A row of {@code carillon_audit}: who did what to which target, when, and the change. */
public record AuditRow(
    long seq,
    Instant at,
    String actorId,
    String actorName,
    String action,
    String target,
    String beforeJson,
    String afterJson) {}

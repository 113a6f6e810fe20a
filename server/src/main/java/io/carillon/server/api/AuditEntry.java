package io.carillon.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** One audit log entry: who (key id and name) did what to which target, when, and the change. */
public record AuditEntry(
    long id,
    Instant at,
    String actorId,
    String actorName,
    String action,
    String target,
    JsonNode before,
    JsonNode after) {}

package io.carillon.server.api;

import io.carillon.server.common.Role;
import java.time.Instant;

/** An API key as listed: never the key itself nor its hash. */
public record KeyView(
    String id,
    String name,
    Role role,
    String source,
    Instant createdAt,
    Instant lastUsedAt,
    Instant revokedAt) {}

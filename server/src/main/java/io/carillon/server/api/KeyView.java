package io.carillon.server.api;

import io.carillon.server.auth.Role;
import io.carillon.server.db.StoredKey;
import java.time.Instant;

/** An API key as listed: never the key itself nor its hash. */
public record KeyView(
    String id,
    String name,
    Role role,
    String source,
    Instant createdAt,
    Instant lastUsedAt,
    Instant revokedAt) {
  public static KeyView from(StoredKey key) {
    return new KeyView(
        key.id(),
        key.name(),
        Role.parse(key.role()),
        key.source(),
        key.createdAt(),
        key.lastUsedAt(),
        key.revokedAt());
  }
}

package io.carillon.server.api;

import io.carillon.server.common.Role;
import io.carillon.server.common.StoredKey;
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
  /** A stored key as listed and audited: its metadata, without the hash. */
  public static KeyView of(StoredKey key) {
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

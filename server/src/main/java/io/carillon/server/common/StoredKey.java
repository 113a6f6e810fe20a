package io.carillon.server.common;

import java.time.Instant;

/** A row of {@code carillon_api_key}: an API key's metadata and the SHA-256 of the key. */
public record StoredKey(
    String id,
    String name,
    String role,
    String keyHash,
    String source,
    Instant createdAt,
    Instant lastUsedAt,
    Instant revokedAt) {
  public boolean revoked() {
    return revokedAt != null;
  }
}

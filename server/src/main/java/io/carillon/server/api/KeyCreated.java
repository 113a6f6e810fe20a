package io.carillon.server.api;

import io.carillon.server.common.Role;
import java.time.Instant;

/** The answer to creating a key: the only time the key itself is ever shown. */
public record KeyCreated(String id, String name, Role role, Instant createdAt, String key) {}

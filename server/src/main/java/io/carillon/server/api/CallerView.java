package io.carillon.server.api;

import io.carillon.server.common.Role;

/**
 * {@code GET /me}: the key a client calls with, by name and role, so it offers only what it may.
 */
public record CallerView(String name, Role role) {}

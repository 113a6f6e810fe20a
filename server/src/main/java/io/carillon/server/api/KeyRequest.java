package io.carillon.server.api;

import io.carillon.server.common.Role;

/** {@code POST /keys}: a name for the new key and its role. */
public record KeyRequest(String name, Role role) {}

package io.carillon.server.api;

import java.util.Map;

/** {@code POST /jobs/{group}/{name}/run}: optional parameter overrides for this run only. */
public record RunRequest(Map<String, Object> params) {}

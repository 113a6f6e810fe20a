package io.carillon.server.db;

import java.time.Instant;

/** Which executions a listing shows; null fields do not filter. */
public record ExecutionFilter(String status, String group, String job, Instant since) {}

package io.carillon.server.common;

import java.time.Instant;

/** Which audit entries to read; null fields do not filter. */
public record AuditFilter(String action, String target, Instant since) {}

package io.carillon.server.core;

import java.time.Instant;

/**
 * What a pause says besides its scope: why (null: no reason given) and until when (null: no end).
 */
public record PauseTerms(String reason, Instant until) {
  public static final PauseTerms NONE = new PauseTerms(null, null);
}

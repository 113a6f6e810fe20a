package io.carillon.server.core.definition;

/** {@code retry}: up to {@code maxAttempts} runs in all, waiting {@code backoff} × multiplier^n. */
public record RetrySpec(
    Integer maxAttempts, String backoff, Double multiplier, String maxBackoff) {}

package io.carillon.server.api;

/** {@code retry}: up to {@code maxAttempts} runs in all, waiting {@code backoff} × multiplier^n. */
public record RetrySpec(
    Integer maxAttempts, String backoff, Double multiplier, String maxBackoff) {}

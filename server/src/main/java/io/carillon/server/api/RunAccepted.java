package io.carillon.server.api;

/** The answer to "run now": the id the execution will have in the history. */
public record RunAccepted(String executionId) {}

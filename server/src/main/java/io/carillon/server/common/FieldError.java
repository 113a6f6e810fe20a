package io.carillon.server.common;

/**
 * One thing wrong with a request: the field (a JSON path such as {@code params.command}) and why.
 */
public record FieldError(String field, String message) {}

package io.carillon.server.api;

/** The answer to a group pause or resume: how many jobs it changed. */
public record GroupChange(String group, int jobs, String state) {}

package io.carillon.server.api;

/** The answer to pause-all and resume-all: whether the cluster's triggers are paused now. */
public record SchedulerChange(boolean paused) {}

package io.carillon.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer to pause-all and resume-all: whether the cluster's triggers are paused now, and the
 * pause, if it paused.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SchedulerChange(boolean paused, PauseView pause) {}

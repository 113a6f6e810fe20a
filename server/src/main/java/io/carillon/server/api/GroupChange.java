package io.carillon.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The answer to a group pause or resume: how many jobs it changed; the pause, if it paused. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GroupChange(String group, int jobs, String state, PauseView pause) {}

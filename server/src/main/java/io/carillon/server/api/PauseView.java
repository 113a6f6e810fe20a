package io.carillon.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A pause as the API shows it: what it covers ({@code job}, {@code group} or {@code cluster}), who
 * paused it and when, why, and when it resumes by itself (null: only when someone resumes it).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PauseView(String scope, String reason, Instant since, String by, Instant until) {}

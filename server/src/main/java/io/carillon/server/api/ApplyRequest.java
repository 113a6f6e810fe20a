package io.carillon.server.api;

import io.carillon.server.core.definition.JobRequest;
import java.util.List;

/** {@code POST /jobs/apply}: the jobs that should exist, each as {@code POST /jobs} takes it. */
public record ApplyRequest(List<JobRequest> jobs) {}

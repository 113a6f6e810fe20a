package io.carillon.server.core;

import io.carillon.server.common.JobId;

/**
 * A trigger that will not fire again by itself. {@code state}: ERROR, BLOCKED or ACQUIRED; {@code
 * owner}: the node whose fired-trigger row holds it, null if none; {@code reason}: why it counts as
 * stuck.
 */
public record StuckTrigger(
    String group, String name, JobId job, String state, String owner, String reason) {}

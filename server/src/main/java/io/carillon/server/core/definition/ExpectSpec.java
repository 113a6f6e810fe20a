package io.carillon.server.core.definition;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code expect}: how soon a job must start after each fire time of its schedule, and how fresh its
 * last success must be, as ISO-8601 durations. Either left out takes a default from the schedule; a
 * job past either is {@code late}.
 */
public record ExpectSpec(
    @Schema(
            example = "PT5M",
            description =
                "How long after a fire time the job may go without starting. Default: the"
                    + " schedule's period, but at least PT1M and at most PT5M.")
        String startWithin,
    @Schema(
            example = "PT26H",
            description =
                "How old the last success may be. Default: twice the schedule's period plus"
                    + " startWithin; none for a job with no repeating schedule.")
        String successWithin) {}

package io.carillon.jobs.quartz;

/**
 * What a run of {@link CarillonJob} leaves in {@code JobExecutionContext.getResult()}, whether it
 * succeeded or failed, for the server's job listener to record.
 *
 * @param output the captured output, capped; empty when the job wrote nothing
 * @param resultJson the job's JSON summary, or null when it set none
 * @param outputTruncated whether part of the output was dropped to respect the cap
 */
public record JobOutcome(String output, String resultJson, boolean outputTruncated) {}

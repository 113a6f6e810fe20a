package io.carillon.jobs.mail;

import java.util.List;

/** One message to send; the execution id goes into a header so duplicates can be recognised. */
public record Mail(
    List<String> to,
    List<String> cc,
    String subject,
    String body,
    boolean html,
    String executionId) {}

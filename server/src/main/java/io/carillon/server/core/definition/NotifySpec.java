package io.carillon.server.core.definition;

import java.util.List;

/**
 * {@code notify}: names of notification channels declared in the configuration, per event. {@code
 * onLate} is told once when the job becomes late; {@code onRecovery} also when it is on time again.
 */
public record NotifySpec(
    List<String> onFailure, List<String> onRecovery, List<String> onSuccess, List<String> onLate) {}

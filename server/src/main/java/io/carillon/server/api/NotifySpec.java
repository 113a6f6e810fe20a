package io.carillon.server.api;

import java.util.List;

/** {@code notify}: names of notification channels declared in the configuration, per event. */
public record NotifySpec(List<String> onFailure, List<String> onRecovery, List<String> onSuccess) {}

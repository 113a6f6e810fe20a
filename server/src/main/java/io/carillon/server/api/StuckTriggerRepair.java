package io.carillon.server.api;

import java.util.List;

/** {@code POST /cluster/stuck-triggers/repair}: how many triggers were put back, and which. */
public record StuckTriggerRepair(int repaired, List<StuckTriggers.Item> items) {}

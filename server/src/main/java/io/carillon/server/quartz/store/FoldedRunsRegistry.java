package io.carillon.server.quartz.store;

import io.carillon.server.db.FoldedRuns;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a {@link SetBasedJobStore} finds the run records it writes ends into. Quartz builds its job
 * store from properties, which can carry a name but not an object, so the scheduler's builder
 * registers the {@link FoldedRuns} under a name and sets that name as the store's {@code
 * foldedRuns} property, as Quartz's own {@code DBConnectionManager} does for connection providers.
 */
public final class FoldedRunsRegistry {
  private static final Map<String, FoldedRuns> REGISTERED = new ConcurrentHashMap<>();

  private FoldedRunsRegistry() {}

  public static void register(String name, FoldedRuns ends) {
    REGISTERED.put(name, ends);
  }

  public static void remove(String name) {
    REGISTERED.remove(name);
  }

  static Optional<FoldedRuns> lookup(String name) {
    return Optional.ofNullable(REGISTERED.get(name));
  }
}

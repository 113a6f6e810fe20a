package io.carillon.server.quartz.store;

import io.carillon.server.db.RunEnds;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a {@link SetBasedJobStore} finds the run records it writes ends into. Quartz builds its job
 * store from properties, which can carry a name but not an object, so the scheduler's builder
 * registers the {@link RunEnds} under a name and sets that name as the store's {@code runEnds}
 * property, as Quartz's own {@code DBConnectionManager} does for connection providers.
 */
public final class RunEndRegistry {
  private static final Map<String, RunEnds> REGISTERED = new ConcurrentHashMap<>();

  private RunEndRegistry() {}

  public static void register(String name, RunEnds ends) {
    REGISTERED.put(name, ends);
  }

  public static void remove(String name) {
    REGISTERED.remove(name);
  }

  static Optional<RunEnds> lookup(String name) {
    return Optional.ofNullable(REGISTERED.get(name));
  }
}

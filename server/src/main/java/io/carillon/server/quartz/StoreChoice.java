package io.carillon.server.quartz;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.carillon.server.common.StartupException;
import io.carillon.server.db.DatabaseDialect;
import io.carillon.server.quartz.store.SetBasedDelegate;
import io.carillon.server.quartz.store.SetBasedJobStore;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code scheduler.store}: which Quartz job store a node runs. */
public enum StoreChoice {
  /** The set-based store on PostgreSQL, the stock one on H2. */
  AUTO,
  /** Quartz's JDBC store (with Carillon's outage misfire handling): one fire at a time. */
  STOCK,
  /** {@link SetBasedJobStore}: PostgreSQL only. */
  SET_BASED;

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @JsonCreator
  public static StoreChoice of(String value) {
    return Arrays.stream(values())
        .filter(choice -> choice.json().equals(value))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "scheduler.store must be one of "
                        + Arrays.stream(values())
                            .map(StoreChoice::json)
                            .collect(Collectors.joining(", "))
                        + ", not '"
                        + value
                        + "'"));
  }

  /** The store this choice means on {@code dialect}: never AUTO. */
  StoreChoice on(DatabaseDialect dialect) {
    boolean postgres = dialect == DatabaseDialect.POSTGRESQL;
    if (this == AUTO) {
      return postgres ? SET_BASED : STOCK;
    }
    if (this == SET_BASED && !postgres) {
      throw new StartupException("scheduler.store: set-based needs PostgreSQL; use auto or stock");
    }
    return this;
  }

  String jobStoreClass() {
    return this == SET_BASED ? SetBasedJobStore.class.getName() : CarillonJobStore.class.getName();
  }

  String delegateClass(DatabaseDialect dialect) {
    return this == SET_BASED ? SetBasedDelegate.class.getName() : dialect.quartzDelegateClass();
  }
}

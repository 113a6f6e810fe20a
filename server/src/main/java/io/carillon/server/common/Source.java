package io.carillon.server.common;

import java.util.Locale;

/** Who owns a job's definition: the API (users) or config.yml (reconciled at start-up). */
public enum Source {
  API,
  CONFIG;

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Source of(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}

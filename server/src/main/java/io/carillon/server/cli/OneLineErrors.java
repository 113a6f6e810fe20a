package io.carillon.server.cli;

import io.carillon.server.core.StartupException;
import io.dropwizard.configuration.ConfigurationException;
import java.io.PrintWriter;

/**
 * Prints command failures. A problem the operator can fix is one line naming it; anything else is a
 * bug in Carillon and keeps its stack trace for the report.
 */
final class OneLineErrors {
  private OneLineErrors() {}

  static void print(PrintWriter err, Throwable error) {
    StartupException startup = find(error, StartupException.class);
    ConfigurationException config = find(error, ConfigurationException.class);
    if (startup != null) {
      err.println("carillon: " + startup.getMessage());
    } else if (config != null) {
      // Dropwizard's message already lists each bad field with its reason.
      err.println("carillon: " + config.getMessage().strip());
    } else {
      error.printStackTrace(err);
    }
    err.flush();
  }

  private static <T extends Throwable> T find(Throwable error, Class<T> type) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}

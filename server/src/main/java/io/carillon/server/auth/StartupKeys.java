package io.carillon.server.auth;

import java.io.PrintStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start-up: stores the keys the configuration names, and on a store with no key at all makes the
 * first admin key and prints it, once, to standard output (never to the log).
 */
public final class StartupKeys {
  private static final Logger LOG = LoggerFactory.getLogger(StartupKeys.class);

  private final ApiKeys keys;
  private final PrintStream out;
  private final String baseUrl;

  public StartupKeys(ApiKeys keys, PrintStream out) {
    this(keys, out, "http://localhost:8080");
  }

  /** {@code baseUrl}: where this server answers, such as {@code http://localhost:8080}. */
  public StartupKeys(ApiKeys keys, PrintStream out, String baseUrl) {
    this.keys = keys;
    this.out = out;
    this.baseUrl = baseUrl;
  }

  /** Refuses the configuration's keys that {@link #apply} would refuse, before anything starts. */
  public void check(List<AuthFactory.ConfiguredKey> configured) {
    for (AuthFactory.ConfiguredKey key : configured) {
      if (!key.getKey().isEmpty()) {
        ApiKeys.requireLongEnough(key.getName(), key.getKey());
      }
    }
  }

  /** Run under {@code ClusterLock.API_KEYS}, so replicas starting together agree. */
  public Void apply(List<AuthFactory.ConfiguredKey> configured) {
    for (AuthFactory.ConfiguredKey key : configured) {
      if (key.getKey().isEmpty()) {
        continue;
      }
      if (keys.seed(key.getName(), key.getRole(), key.getKey())) {
        LOG.info(
            "Stored the configured API key '{}' ({})", key.getName(), key.getRole().wireName());
      }
    }
    keys.firstStart()
        .ifPresent(
            key -> {
              LOG.warn("No API key existed: created the first admin key (printed once on stdout)");
              out.println("CARILLON FIRST ADMIN KEY (shown only now, store it safely): " + key);
              out.println("  Dashboard: " + baseUrl + "/ (sign in with the key)");
              out.println(
                  "  Try it:    curl -H 'Authorization: Bearer "
                      + key
                      + "' "
                      + baseUrl
                      + "/api/v1/jobs");
              out.println("  Or:        CARILLON_KEY=<the key> bin/carillon status");
              out.flush();
            });
    return null;
  }
}

package io.carillon.server.auth;

import io.carillon.server.api.KeyView;
import io.carillon.server.common.Caller;
import java.io.PrintStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start-up: stores the keys the configuration names, and on a store with no key at all makes the
 * first admin key and prints it, once, to standard output (never to the log). Each key made is
 * audited ({@code key.create}) in the transaction that stores it; a key already stored is not.
 */
public final class StartupKeys {
  private static final Logger LOG = LoggerFactory.getLogger(StartupKeys.class);

  private final ApiKeys keys;
  private final PrintStream out;
  private final String baseUrl;
  private final Caller configuration;

  /**
   * {@code baseUrl}: where this server answers, such as {@code http://localhost:8080}; {@code
   * configFile}: the configuration file, the audit log's actor for the keys it names. The first
   * admin key is audited as made by {@link Caller#CARILLON}.
   */
  public StartupKeys(ApiKeys keys, PrintStream out, String baseUrl, String configFile) {
    this.keys = keys;
    this.out = out;
    this.baseUrl = baseUrl;
    this.configuration = Caller.configuration(configFile);
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
      if (keys.seed(key.getName(), key.getRole(), key.getKey(), configuration, KeyView::of)) {
        LOG.info(
            "Stored the configured API key '{}' ({})", key.getName(), key.getRole().wireName());
      }
    }
    keys.firstStart(Caller.CARILLON, KeyView::of)
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

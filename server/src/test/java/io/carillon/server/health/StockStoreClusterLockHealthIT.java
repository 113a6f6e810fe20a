package io.carillon.server.health;

import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cluster-lock check on Quartz's own JobStoreTX ({@code scheduler.store: stock}). */
@ExtendWith(DropwizardExtensionsSupport.class)
class StockStoreClusterLockHealthIT extends ClusterLockHealthContract {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(StockStoreClusterLockHealthIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP =
      ApiApp.on(
          DB,
          ConfigOverride.config("scheduler.store", "stock"),
          ConfigOverride.config("scheduler.lockHeldThreshold", "1s"),
          ConfigOverride.config("database.lockTimeout", "20s"));

  @Override
  DropwizardAppExtension<CarillonConfiguration> app() {
    return APP;
  }

  @Override
  PostgresDatabase db() {
    return DB;
  }
}

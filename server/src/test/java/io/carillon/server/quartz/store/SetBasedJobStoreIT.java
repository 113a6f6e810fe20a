package io.carillon.server.quartz.store;

import io.carillon.server.CarillonApplication;
import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.ServerProcess;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(DropwizardExtensionsSupport.class)
class SetBasedJobStoreIT extends JobStoreContract {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(SetBasedJobStoreIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP =
      new DropwizardAppExtension<>(
          CarillonApplication.class,
          ServerProcess.CONFIG.toString(),
          ConfigOverride.config("scheduler.store", "set-based"),
          ConfigOverride.config("database.url", DB::url),
          ConfigOverride.config("database.user", DB::user),
          ConfigOverride.config("database.password", DB::password),
          ConfigOverride.config("server.applicationConnectors[0].port", "0"),
          ConfigOverride.config("server.adminConnectors[0].port", "0"));

  @Override
  DropwizardAppExtension<CarillonConfiguration> app() {
    return APP;
  }

  @Override
  PostgresDatabase db() {
    return DB;
  }

  @Override
  String storeClass() {
    return SetBasedJobStore.class.getName();
  }
}

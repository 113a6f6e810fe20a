package io.carillon.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carillon.server.CarillonApplication;
import io.carillon.server.CarillonConfiguration;
import io.carillon.server.core.definition.JobRequest;
import io.carillon.server.testing.ServerProcess;
import io.dropwizard.core.setup.Bootstrap;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API's JSON is strict about types; config.yml, read by the same application, is not. */
class StrictJsonTest {
  private final Bootstrap<CarillonConfiguration> bootstrap = initialized();

  @Test
  void the_api_refuses_a_number_for_a_string_and_a_number_for_an_instant() {
    ObjectMapper api = bootstrap.getObjectMapper();

    assertThatThrownBy(() -> api.readValue("{\"name\": 1}", JobRequest.class))
        .isInstanceOf(JsonMappingException.class);
    assertThatThrownBy(
            () -> api.readValue("{\"schedule\": {\"at\": 1700000000}}", JobRequest.class))
        .isInstanceOf(JsonMappingException.class);
  }

  @Test
  void config_yml_still_reads_a_yaml_number_as_text(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("config.yml");
    Files.writeString(
        config,
        Files.readString(ServerProcess.CONFIG)
            .replace("user: ${DATABASE_USER:-carillon}", "user: 1234"));

    CarillonConfiguration read =
        bootstrap
            .getConfigurationFactoryFactory()
            .create(
                CarillonConfiguration.class,
                bootstrap.getValidatorFactory().getValidator(),
                bootstrap.getObjectMapper(),
                "dw")
            .build(bootstrap.getConfigurationSourceProvider(), config.toString());

    assertThat(read.getDatabase().getUser()).isEqualTo("1234");
  }

  private static Bootstrap<CarillonConfiguration> initialized() {
    CarillonApplication application = new CarillonApplication();
    Bootstrap<CarillonConfiguration> bootstrap = new Bootstrap<>(application);
    application.initialize(bootstrap);
    return bootstrap;
  }
}

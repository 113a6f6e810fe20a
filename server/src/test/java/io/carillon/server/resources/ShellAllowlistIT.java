package io.carillon.server.resources;

import static io.carillon.server.resources.JobsApiIT.assertField;
import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.ServerProcess;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With shell jobs enabled, only commands under a configured prefix are accepted. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ShellAllowlistIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(ShellAllowlistIT.class);

  private static final Path CONFIG =
      ServerProcess.configWith(
          Path.of("target", "shell-allowlist-it"),
          "    allowedPrefixes: []\n",
          "    allowedPrefixes: [[\"echo\"], [\"/usr/local/bin/backup\", \"--dry-run\"]]\n");

  static final DropwizardAppExtension<CarillonConfiguration> APP =
      ApiApp.on(
          DB, CONFIG, Clock.systemUTC(), ConfigOverride.config("jobTypes.shell.enabled", "true"));

  private final ApiClient api = ApiApp.client(APP);

  @Test
  void a_command_outside_the_allowlist_is_refused_on_params_command() {
    Reply reply =
        api.post(
            "/jobs",
            "{\"name\":\"wipe\",\"type\":\"shell\",\"params\":{\"command\":[\"rm\",\"-rf\",\"/\"]}}");

    assertField(reply, "params.command");
    assertThat(reply.text()).contains("not allowed");
    assertThat(DB.number("SELECT COUNT(*) FROM carillon_job")).isZero();
  }

  @Test
  void a_prefix_must_match_whole_arguments() {
    assertField(
        api.post(
            "/jobs",
            "{\"name\":\"sneaky\",\"type\":\"shell\",\"params\":{\"command\":"
                + "[\"/usr/local/bin/backup\",\"--really\"]}}"),
        "params.command");
  }

  @Test
  void a_command_inside_the_allowlist_is_accepted() {
    Reply reply =
        api.post(
            "/jobs",
            "{\"group\":\"ok\",\"name\":\"hello\",\"type\":\"shell\","
                + "\"params\":{\"command\":[\"echo\",\"hello\"]}}");

    assertThat(reply.status()).as(reply.text()).isEqualTo(201);
  }
}

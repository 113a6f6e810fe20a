package io.carillon.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.carillon.jobs.SmtpSettings;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotificationsFactoryTest {
  @TempDir Path dir;

  @Test
  void channels_are_built_by_name_with_their_types() throws Exception {
    NotificationsFactory factory =
        parse(
            "channels:\n"
                + "  - {name: ops-webhook, type: webhook, url: 'https://hooks.example.com/x'}\n"
                + "  - {name: ops-slack, type: slack, url: ''}\n"
                + "  - {name: ops-mail, type: email, to: [ops@example.com]}\n"
                + "attempts: 5\n");

    Notifier notifier =
        factory.build(SmtpSettings.NONE, new MetricRegistry(), Jackson.newObjectMapper());

    assertThat(factory.getAttempts()).isEqualTo(5);
    assertThat(notifier.channelNames())
        .containsExactlyInAnyOrder("ops-webhook", "ops-slack", "ops-mail");
    notifier.stop();
  }

  @Test
  void a_url_that_is_not_http_is_refused() {
    assertThat(problems("channels:\n  - {name: a, type: webhook, url: 'file:///etc/passwd'}\n"))
        .contains("url must be an absolute http or https URL");
  }

  @Test
  void an_email_channel_without_addresses_is_refused() {
    assertThat(problems("channels:\n  - {name: a, type: email}\n")).contains("needs at least one");
  }

  @Test
  void two_channels_of_one_name_are_refused() {
    assertThat(problems("channels:\n  - {name: a, type: webhook}\n  - {name: a, type: slack}\n"))
        .contains("names must be unique");
  }

  @Test
  void a_channel_name_a_job_could_not_use_is_refused() {
    assertThat(problems("channels:\n  - {name: 'ops, pager', type: webhook}\n"))
        .contains("name must be 1-100");
  }

  @Test
  void the_url_is_never_written_back_out() throws Exception {
    NotificationsFactory factory =
        parse("channels:\n  - {name: a, type: slack, url: 'https://hooks.slack.com/T/B/secret'}\n");

    assertThat(Jackson.newObjectMapper().writeValueAsString(factory)).doesNotContain("secret");
  }

  private NotificationsFactory parse(String yaml) throws Exception {
    Path file = dir.resolve("notifications.yml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return new YamlConfigurationFactory<>(
            NotificationsFactory.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw")
        .build(file.toFile());
  }

  private String problems(String yaml) {
    try {
      parse(yaml);
      throw new AssertionError("accepted: " + yaml);
    } catch (ConfigurationValidationException e) {
      return e.getMessage();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}

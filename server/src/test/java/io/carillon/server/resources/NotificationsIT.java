package io.carillon.server.resources;

import static io.carillon.server.resources.JobsApiIT.assertField;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.PostgresDatabase;
import io.carillon.server.testing.ServerProcess;
import io.carillon.server.testing.WebhookReceiver;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Notifications reach a real webhook receiver and a real SMTP server on loopback. */
@ExtendWith(DropwizardExtensionsSupport.class)
class NotificationsIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(NotificationsIT.class);

  static final WebhookReceiver RECEIVER =
      WebhookReceiver.start().failing("/flaky", 1).failing("/broken", Integer.MAX_VALUE);

  static final GreenMail SMTP = startSmtp();

  private static final Path CONFIG =
      ServerProcess.configWith(
          Path.of("target", "notifications-it"),
          "  channels: ${CARILLON_NOTIFICATION_CHANNELS:-[]}\n",
          "  channels:\n"
              + channel("hook", "webhook", RECEIVER.url("/hook"))
              + channel("chat", "slack", RECEIVER.url("/slack"))
              + channel("flaky", "webhook", RECEIVER.url("/flaky"))
              + channel("broken", "webhook", RECEIVER.url("/broken"))
              + channel("unset", "webhook", "")
              + "    - name: mail\n"
              + "      type: email\n"
              + "      to: [ops@example.com]\n");

  static final DropwizardAppExtension<CarillonConfiguration> APP =
      ApiApp.on(
          DB,
          CONFIG,
          Clock.systemUTC(),
          ConfigOverride.config("notifications.backoff", "100ms"),
          ConfigOverride.config("jobTypes.smtp.host", "127.0.0.1"),
          ConfigOverride.config("jobTypes.smtp.port", () -> "" + SMTP.getSmtp().getPort()),
          ConfigOverride.config("jobTypes.smtp.from", "carillon@example.com"));

  private final ApiClient api = ApiApp.client(APP);

  @AfterAll
  static void stopReceivers() {
    RECEIVER.close();
    SMTP.stop();
  }

  @Test
  void a_final_failure_and_the_first_success_after_it_reach_the_webhook() {
    create("flapping", "{\"fail\":true}", "\"onFailure\":[\"hook\"],\"onRecovery\":[\"hook\"]");

    String failed = awaitFinished(run("flapping", null));
    JsonNode failure = awaitOne("/hook", "flapping", "failure");

    assertThat(failure.path("job").path("group").asText()).isEqualTo("notify");
    JsonNode execution = failure.path("execution");
    assertThat(execution.path("id").asText()).isEqualTo(failed);
    assertThat(execution.path("status").asText()).isEqualTo("FAILED");
    assertThat(execution.path("attempt").asInt()).isEqualTo(1);
    assertThat(execution.path("startedAt").asText()).isNotBlank();
    assertThat(execution.path("finishedAt").asText()).isNotBlank();
    assertThat(execution.path("durationMs").isNumber()).isTrue();
    assertThat(execution.path("error").asText())
        .startsWith("failed on purpose")
        .doesNotContain("\n")
        .doesNotContain("\tat ");
    assertThat(failure.path("node").asText()).isNotBlank();
    assertThat(failure.toString()).doesNotContain("params").doesNotContain("\"fail\"");

    String recovered = awaitFinished(run("flapping", "{\"params\":{\"fail\":false}}"));
    JsonNode recovery = awaitOne("/hook", "flapping", "recovery");
    assertThat(recovery.path("execution").path("id").asText()).isEqualTo(recovered);
    assertThat(recovery.path("execution").path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(recovery.path("execution").path("error").isNull()).isTrue();
  }

  @Test
  void only_the_last_attempt_of_a_retried_run_notifies_its_failure() {
    Reply created =
        api.post(
            "/jobs",
            "{\"group\":\"notify\",\"name\":\"persistent\",\"type\":\"noop\","
                + "\"params\":{\"fail\":true},\"retry\":{\"maxAttempts\":2,\"backoff\":\"PT0.2S\"},"
                + "\"notify\":{\"onFailure\":[\"hook\"]}}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);

    run("persistent", null);

    JsonNode failure = awaitOne("/hook", "persistent", "failure");
    assertThat(failure.path("execution").path("attempt").asInt()).isEqualTo(2);
    assertThat(api.get("/jobs/notify/persistent").json().path("failures").asLong()).isEqualTo(2);
  }

  @Test
  void a_success_that_follows_a_success_is_no_recovery() {
    create("steady", "{}", "\"onRecovery\":[\"hook\"],\"onSuccess\":[\"chat\"]");

    awaitFinished(run("steady", null));
    awaitFinished(run("steady", null));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> slackMessages("notify/steady succeeded").size() == 2);

    assertThat(RECEIVER.bodies("/hook", "/job/name", "steady")).isEmpty();
  }

  @Test
  void a_slack_channel_gets_one_line_of_text() {
    create("chatty", "{\"fail\":true}", "\"onFailure\":[\"chat\"]");

    String id = awaitFinished(run("chatty", null));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> slackMessages("notify/chatty failed").size() == 1);
    JsonNode message =
        RECEIVER.bodies("/slack").stream()
            .filter(body -> body.path("text").asText().contains("notify/chatty"))
            .findFirst()
            .orElseThrow();
    assertThat(message.size()).as(message.toString()).isEqualTo(1);
    assertThat(message.path("text").asText())
        .startsWith("Carillon: notify/chatty failed (FAILED, attempt 1)")
        .contains(id)
        .contains("Error: failed on purpose");
  }

  @Test
  void a_delivery_that_fails_is_tried_again() {
    long sentBefore = counter("carillon.notifications.sent.webhook");
    create("retried", "{\"fail\":true}", "\"onFailure\":[\"flaky\"]");

    awaitFinished(run("retried", null));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> RECEIVER.bodies("/flaky", "/job/name", "retried").size() == 2);
    List<JsonNode> attempts = RECEIVER.bodies("/flaky", "/job/name", "retried");
    assertThat(attempts.get(1)).isEqualTo(attempts.get(0));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> counter("carillon.notifications.sent.webhook") > sentBefore);
  }

  @Test
  void a_channel_that_always_fails_leaves_the_run_succeeded_and_is_counted() {
    long failedBefore = counter("carillon.notifications.failed.webhook");
    create("unheard", "{}", "\"onSuccess\":[\"broken\",\"unset\"]");

    String id = awaitFinished(run("unheard", null));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> counter("carillon.notifications.failed.webhook") > failedBefore);
    assertThat(RECEIVER.bodies("/broken", "/job/name", "unheard")).hasSize(3);
    assertThat(api.get("/executions/" + id).json().path("status").asText()).isEqualTo("SUCCEEDED");
    JsonNode job = api.get("/jobs/notify/unheard").json();
    assertThat(job.path("failures").asLong()).isZero();
    assertThat(job.path("lastExecution").path("status").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void an_email_channel_sends_through_the_configured_smtp_server() throws Exception {
    create("mailed", "{\"fail\":true}", "\"onFailure\":[\"mail\"]");

    String id = awaitFinished(run("mailed", null));

    await().atMost(Duration.ofSeconds(30)).until(() -> mails("notify/mailed").size() == 1);
    MimeMessage mail = mails("notify/mailed").get(0);
    assertThat(mail.getSubject()).isEqualTo("[Carillon] notify/mailed failed");
    assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ops@example.com");
    assertThat(mail.getFrom()[0].toString()).isEqualTo("carillon@example.com");
    assertThat(GreenMailUtil.getBody(mail))
        .contains(id)
        .contains("Error: failed on purpose")
        .doesNotContain("\tat ");
  }

  @Test
  void an_unknown_channel_is_400_naming_the_field() {
    Reply reply =
        api.post(
            "/jobs",
            "{\"group\":\"notify\",\"name\":\"misaddressed\",\"type\":\"noop\","
                + "\"notify\":{\"onFailure\":[\"hook\",\"pager\"]}}");

    assertField(reply, "notify.onFailure[1]");
    assertThat(reply.text()).contains("unknown channel 'pager'");
    assertThat(api.get("/jobs/notify/misaddressed").status()).isEqualTo(404);
  }

  private static String channel(String name, String type, String url) {
    return "    - name: " + name + "\n      type: " + type + "\n      url: \"" + url + "\"\n";
  }

  private static GreenMail startSmtp() {
    GreenMail smtp =
        new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    smtp.start();
    return smtp;
  }

  private void create(String name, String params, String notify) {
    Reply reply =
        api.post(
            "/jobs",
            "{\"group\":\"notify\",\"name\":\""
                + name
                + "\",\"type\":\"noop\",\"params\":"
                + params
                + ",\"notify\":{"
                + notify
                + "}}");
    assertThat(reply.status()).as(reply.text()).isEqualTo(201);
  }

  private String run(String name, String body) {
    Reply reply = api.post("/jobs/notify/" + name + "/run", body);
    assertThat(reply.status()).as(reply.text()).isEqualTo(202);
    return reply.json().path("executionId").asText();
  }

  private String awaitFinished(String id) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Reply reply = api.get("/executions/" + id);
              return reply.status() == 200 && !reply.json().path("finishedAt").isMissingNode();
            });
    return id;
  }

  private static JsonNode awaitOne(String path, String job, String event) {
    await().atMost(Duration.ofSeconds(30)).until(() -> events(path, job, event).size() == 1);
    return events(path, job, event).get(0);
  }

  private static List<JsonNode> events(String path, String job, String event) {
    return RECEIVER.bodies(path, "/job/name", job).stream()
        .filter(body -> event.equals(body.path("event").asText()))
        .toList();
  }

  private static List<JsonNode> slackMessages(String text) {
    return RECEIVER.bodies("/slack").stream()
        .filter(body -> body.path("text").asText().contains(text))
        .toList();
  }

  private static List<MimeMessage> mails(String job) {
    return Arrays.stream(SMTP.getReceivedMessages())
        .filter(
            mail -> {
              try {
                return mail.getSubject().contains(job);
              } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }

  private static long counter(String name) {
    MetricRegistry metrics = APP.getEnvironment().metrics();
    return metrics.counter(name).getCount();
  }
}

package io.carillon.jobs.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.carillon.jobs.FieldError;
import io.carillon.jobs.InvalidParametersException;
import io.carillon.jobs.JobFailedException;
import io.carillon.jobs.JobTypeSettings;
import io.carillon.jobs.SmtpSettings;
import io.carillon.jobs.testing.TestRun;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MailJobTypeTest {

  private final MailJobType mail = new MailJobType();
  private GreenMail smtpServer;
  private JobTypeSettings settings;

  @BeforeEach
  void startSmtpServer() {
    smtpServer =
        new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    smtpServer.start();
    int port = smtpServer.getSmtp().getPort();
    settings =
        JobTypeSettings.builder()
            .smtp(
                new SmtpSettings(
                    "127.0.0.1",
                    port,
                    "carillon@example.com",
                    null,
                    null,
                    SmtpSettings.Security.NONE,
                    Duration.ofSeconds(10)))
            .build();
  }

  @AfterEach
  void stopSmtpServer() {
    smtpServer.stop();
  }

  @Test
  void the_message_reaches_the_smtp_server_with_every_recipient() throws Exception {
    TestRun run =
        TestRun.of(
            mail,
            settings,
            Map.of(
                "to",
                List.of("ops@example.com", "dev@example.com"),
                "cc",
                List.of("boss@example.com"),
                "subject",
                "Nightly report \u2713",
                "body",
                "All 42 jobs succeeded."));

    mail.run(run);

    assertThat(smtpServer.waitForIncomingEmail(10_000, 3)).isTrue();
    MimeMessage received = smtpServer.getReceivedMessages()[0];
    assertThat(received.getSubject()).isEqualTo("Nightly report \u2713");
    assertThat(received.getFrom()[0].toString()).isEqualTo("carillon@example.com");
    assertThat(received.getRecipients(Message.RecipientType.TO))
        .extracting(Object::toString)
        .containsExactly("ops@example.com", "dev@example.com");
    assertThat(received.getRecipients(Message.RecipientType.CC))
        .extracting(Object::toString)
        .containsExactly("boss@example.com");
    assertThat(((String) received.getContent()).trim()).isEqualTo("All 42 jobs succeeded.");
    assertThat(received.getHeader(SmtpSender.EXECUTION_HEADER)).containsExactly("test-execution");
    assertThat(run.outputText())
        .startsWith(
            "sent \"Nightly report \u2713\" to ops@example.com, dev@example.com (cc boss@example.com) via 127.0.0.1:");
    assertThat(run.resultMap())
        .containsEntry("recipients", 3)
        .containsEntry("messageId", received.getMessageID());
  }

  @Test
  void an_html_body_is_sent_as_html() throws Exception {
    mail.run(
        TestRun.of(
            mail,
            settings,
            Map.of(
                "to",
                List.of("ops@example.com"),
                "subject",
                "s",
                "body",
                "<b>bold</b>",
                "html",
                true)));

    assertThat(smtpServer.waitForIncomingEmail(10_000, 1)).isTrue();
    assertThat(smtpServer.getReceivedMessages()[0].getContentType()).startsWith("text/html");
  }

  @Test
  void an_unreachable_server_fails_the_run_with_a_message_naming_it() throws Exception {
    TestRun run =
        TestRun.of(
            mail, settings, Map.of("to", List.of("ops@example.com"), "subject", "s", "body", "b"));
    int port = smtpServer.getSmtp().getPort();
    smtpServer.stop();

    assertThatThrownBy(() -> mail.run(run))
        .isInstanceOf(JobFailedException.class)
        .hasMessageStartingWith("could not send mail via 127.0.0.1:" + port);
  }

  @Test
  void addresses_are_checked_and_mail_needs_an_smtp_host_in_the_configuration() {
    assertThatThrownBy(
            () ->
                TestRun.of(
                    mail,
                    JobTypeSettings.defaults(),
                    Map.of(
                        "to",
                        List.of("ops@example.com", "not an address"),
                        "subject",
                        "s",
                        "body",
                        "b")))
        .isInstanceOfSatisfying(
            InvalidParametersException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(
                        new FieldError(
                            "type",
                            "mail is not configured: the server has no SMTP host (set jobTypes.smtp.host, SMTP_HOST)"),
                        new FieldError("params.to[1]", "is not a valid e-mail address")));
  }
}

package io.carillon.jobs.mail;

import io.carillon.jobs.FieldError;
import io.carillon.jobs.JobContext;
import io.carillon.jobs.JobFailedException;
import io.carillon.jobs.JobParameters;
import io.carillon.jobs.JobType;
import io.carillon.jobs.JobTypeSettings;
import io.carillon.jobs.ParameterSpec;
import io.carillon.jobs.ParameterType;
import io.carillon.jobs.SmtpSettings;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Sends an e-mail through the SMTP server named in the configuration. */
public final class MailJobType implements JobType {

  @Override
  public String name() {
    return "mail";
  }

  @Override
  public String description() {
    return "Sends an e-mail through the configured SMTP server.";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return List.of(
        ParameterSpec.required("to", ParameterType.LIST, "Recipient addresses.")
            .withMin(1)
            .withMax(100)
            .withMaxLength(320)
            .neverOverridden(),
        ParameterSpec.optional("cc", ParameterType.LIST, "Copy addresses.")
            .withMax(100)
            .withMaxLength(320)
            .neverOverridden(),
        ParameterSpec.required("subject", ParameterType.STRING, "Subject line.").withMaxLength(998),
        ParameterSpec.required("body", ParameterType.STRING, "Message text.")
            .withMaxLength(1024 * 1024),
        ParameterSpec.optional("html", ParameterType.BOOLEAN, "Send the body as HTML.")
            .withDefault(false));
  }

  @Override
  public List<FieldError> check(JobParameters params, JobTypeSettings settings) {
    List<FieldError> errors = new ArrayList<>();
    if (!settings.smtp().isConfigured()) {
      errors.add(
          new FieldError(
              "type",
              "mail is not configured: the server has no SMTP host (set jobTypes.smtp.host, SMTP_HOST)"));
    }
    checkAddresses(params, "to", errors);
    checkAddresses(params, "cc", errors);
    return errors;
  }

  @Override
  public void run(JobContext context) {
    SmtpSettings smtp = context.settings().smtp();
    if (!smtp.isConfigured()) {
      throw new JobFailedException(
          "mail is not configured: the server has no SMTP host (set jobTypes.smtp.host, SMTP_HOST)");
    }
    JobParameters params = context.params();
    List<String> to = params.list("to");
    List<String> cc = params.has("cc") ? params.list("cc") : List.of();
    try {
      String messageId =
          new SmtpSender(smtp)
              .send(
                  new Mail(
                      to,
                      cc,
                      params.string("subject"),
                      params.string("body"),
                      params.bool("html"),
                      context.executionId()));
      context
          .output()
          .line(
              "sent \""
                  + params.string("subject")
                  + "\" to "
                  + String.join(", ", to)
                  + (cc.isEmpty() ? "" : " (cc " + String.join(", ", cc) + ")")
                  + " via "
                  + smtp.host()
                  + ":"
                  + smtp.port());
      context.result(Map.of("recipients", to.size() + cc.size(), "messageId", messageId));
    } catch (MessagingException e) {
      // The message of a MessagingException names the server and the SMTP reply, not the password.
      throw new JobFailedException(
          "could not send mail via " + smtp.host() + ":" + smtp.port() + ": " + e.getMessage(), e);
    }
  }

  private static void checkAddresses(JobParameters params, String name, List<FieldError> errors) {
    if (!params.has(name)) {
      return;
    }
    List<String> addresses = params.list(name);
    for (int i = 0; i < addresses.size(); i++) {
      try {
        new InternetAddress(addresses.get(i), true).validate();
      } catch (AddressException e) {
        errors.add(FieldError.param(name + "[" + i + "]", "is not a valid e-mail address"));
      }
    }
  }
}

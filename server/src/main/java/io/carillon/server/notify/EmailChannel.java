package io.carillon.server.notify;

import io.carillon.jobs.SmtpSettings;
import io.carillon.jobs.mail.Mail;
import io.carillon.jobs.mail.SmtpSender;
import jakarta.mail.MessagingException;
import java.util.List;

/** Sends a plain-text e-mail through the SMTP server configured under {@code jobTypes.smtp}. */
final class EmailChannel implements Channel {
  private final String name;
  private final List<String> to;
  private final SmtpSettings smtp;
  private final SmtpSender sender;

  EmailChannel(String name, List<String> to, SmtpSettings smtp) {
    this.name = name;
    this.to = List.copyOf(to);
    this.smtp = smtp;
    this.sender = new SmtpSender(smtp);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return "email";
  }

  @Override
  public boolean isEnabled() {
    return smtp.isConfigured() && !to.isEmpty();
  }

  @Override
  public void send(Notification notification) throws MessagingException {
    sender.send(
        new Mail(
            to,
            List.of(),
            "[Carillon] " + notification.job() + " " + notification.event().verb(),
            notification.text(),
            false,
            notification.executionId()));
  }
}

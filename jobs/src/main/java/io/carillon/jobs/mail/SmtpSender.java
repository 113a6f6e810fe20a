package io.carillon.jobs.mail;

import io.carillon.jobs.SmtpSettings;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Sends messages with Jakarta Mail according to {@link SmtpSettings}: for the mail job and for the
 * server's e-mail notifications.
 */
public final class SmtpSender {

  static final String EXECUTION_HEADER = "X-Carillon-Execution-Id";

  private final SmtpSettings smtp;

  public SmtpSender(SmtpSettings smtp) {
    this.smtp = smtp;
  }

  /** Sends the mail and returns its Message-ID. */
  public String send(Mail mail) throws MessagingException {
    Session session = Session.getInstance(properties());
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress(smtp.from(), true));
    for (String to : mail.to()) {
      message.addRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
    }
    for (String cc : mail.cc()) {
      message.addRecipient(Message.RecipientType.CC, new InternetAddress(cc, true));
    }
    message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
    message.setText(mail.body(), StandardCharsets.UTF_8.name(), mail.html() ? "html" : "plain");
    if (mail.executionId() != null) {
      message.setHeader(EXECUTION_HEADER, mail.executionId());
    }
    message.saveChanges();
    if (smtp.username() == null) {
      Transport.send(message);
    } else {
      Transport.send(message, smtp.username(), smtp.password());
    }
    return message.getMessageID();
  }

  private Properties properties() {
    String millis = Long.toString(smtp.timeout().toMillis());
    Properties props = new Properties();
    props.put("mail.transport.protocol", "smtp");
    props.put("mail.smtp.host", smtp.host());
    props.put("mail.smtp.port", Integer.toString(smtp.port()));
    props.put("mail.smtp.connectiontimeout", millis);
    props.put("mail.smtp.timeout", millis);
    props.put("mail.smtp.writetimeout", millis);
    props.put("mail.smtp.auth", Boolean.toString(smtp.username() != null));
    switch (smtp.security()) {
      case STARTTLS:
        props.put("mail.smtp.starttls.enable", "true");
        // Without "required" a server that does not offer STARTTLS would get the password in clear.
        props.put("mail.smtp.starttls.required", "true");
        props.put("mail.smtp.ssl.checkserveridentity", "true");
        break;
      case SMTPS:
        props.put("mail.smtp.ssl.enable", "true");
        props.put("mail.smtp.ssl.checkserveridentity", "true");
        break;
      default:
        break;
    }
    return props;
  }
}

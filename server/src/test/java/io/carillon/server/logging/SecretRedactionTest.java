package io.carillon.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SecretRedactionTest {
  @Test
  void the_value_of_an_authorization_header_is_redacted_whatever_its_scheme() {
    assertThat(SecretRedaction.redact("parsedHeader(Authorization: Bearer crl_abcDEF123-_x"))
        .isEqualTo("parsedHeader(Authorization: <redacted>");
    assertThat(SecretRedaction.redact("Authorization: Basic dXNlcjpwYXNz\r\nHost: x"))
        .isEqualTo("Authorization: <redacted>\r\nHost: x");
    assertThat(SecretRedaction.redact("{\"authorization\":\"Bearer secret-value\"}"))
        .isEqualTo("{\"authorization\":\"<redacted>\"}");
  }

  @Test
  void bearer_tokens_and_carillon_keys_are_redacted_anywhere_in_a_line() {
    assertThat(SecretRedaction.redact("valueString=[Bearer test-admin-key-7f3c9b2e]"))
        .isEqualTo("valueString=[Bearer <redacted>]");
    assertThat(SecretRedaction.redact("the key crl_Zm9vYmFyYmF6 was revoked"))
        .isEqualTo("the key crl_<redacted> was revoked");
    assertThat(SecretRedaction.redact("nothing secret here")).isEqualTo("nothing secret here");
  }

  @Test
  void a_line_logged_with_a_key_in_its_arguments_reaches_the_appenders_redacted() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    SecretRedaction.install();
    SecretRedaction.install();
    assertThat(
            context.getTurboFilterList().stream()
                .filter(filter -> SecretRedaction.NAME.equals(filter.getName())))
        .hasSize(1);
    Logger logger = context.getLogger("redaction-test");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.setContext(context);
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.DEBUG);
    try {
      logger.debug("headers {}", "Authorization: Bearer crl_topsecretvalue");
      logger.trace("disabled {}", "Authorization: Bearer crl_topsecretvalue");
      logger.info("plain {}", "line");

      assertThat(appender.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .containsExactly("headers Authorization: <redacted>", "plain line");
    } finally {
      logger.detachAppender(appender);
    }
  }
}

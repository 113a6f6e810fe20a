package io.carillon.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Locale;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MessageFormatter;

/**
 * Keeps credentials out of the log at every level: a line that would show an {@code Authorization}
 * header, a bearer token or a Carillon API key ({@code crl_...}) is logged with the secret replaced
 * by {@code <redacted>}. Jetty, for one, prints every request header at DEBUG, which an operator
 * may switch on with the log-level task while keys are in use. Installed on the logging context, so
 * it acts on every logger and appender (text or JSON) alike.
 */
public final class SecretRedaction extends TurboFilter {
  static final String NAME = "carillon-secret-redaction";
  static final String REDACTED = "<redacted>";

  private static final Pattern AUTHORIZATION =
      Pattern.compile("(?i)(authorization\"?\\s*[:=]\\s*\"?)(?:[A-Za-z]+\\s+)?[^\\s\",;\\]}]+");
  private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[^\\s\",;\\]}<]+");
  private static final Pattern KEY = Pattern.compile("crl_[A-Za-z0-9_-]{4,}");

  /** Adds the filter to the logging context once (the application may start several times). */
  public static void install() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    boolean present =
        context.getTurboFilterList().stream().anyMatch(filter -> NAME.equals(filter.getName()));
    if (!present) {
      SecretRedaction filter = new SecretRedaction();
      filter.setName(NAME);
      filter.setContext(context);
      filter.start();
      context.addTurboFilter(filter);
    }
  }

  /** The text with every credential in it replaced. */
  public static String redact(String text) {
    String result = AUTHORIZATION.matcher(text).replaceAll("$1" + REDACTED);
    result = BEARER.matcher(result).replaceAll("$1" + REDACTED);
    return KEY.matcher(result).replaceAll("crl_" + REDACTED);
  }

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    // Level checks (isDebugEnabled) come with no message; disabled lines are none of our business.
    if (format == null || level == null || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
      return FilterReply.NEUTRAL;
    }
    FormattingTuple formatted = MessageFormatter.arrayFormat(format, params);
    String message = formatted.getMessage();
    if (message == null || !mayHoldSecret(message)) {
      return FilterReply.NEUTRAL;
    }
    String redacted = redact(message);
    if (redacted.equals(message)) {
      return FilterReply.NEUTRAL;
    }
    Throwable thrown = t != null ? t : formatted.getThrowable();
    // Straight to the appenders: the event has passed the level check and must not come back here.
    logger.callAppenders(
        new LoggingEvent(Logger.class.getName(), logger, level, redacted, thrown, null));
    return FilterReply.DENY;
  }

  private static boolean mayHoldSecret(String message) {
    String lower = message.toLowerCase(Locale.ROOT);
    return lower.contains("authorization") || lower.contains("bearer") || lower.contains("crl_");
  }
}

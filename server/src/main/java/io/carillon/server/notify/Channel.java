package io.carillon.server.notify;

/**
 * Somewhere notifications go: a webhook, a Slack-compatible webhook, a list of e-mail addresses.
 */
interface Channel {
  /** The name jobs refer to it by. */
  String name();

  /** Its type as in the configuration and in metric names: webhook, slack, email. */
  String type();

  /**
   * Whether it can send at all: a channel whose URL or SMTP server is unset is declared but off.
   */
  boolean isEnabled();

  /** Delivers one notification or throws; the caller retries. */
  void send(Notification notification) throws Exception;
}

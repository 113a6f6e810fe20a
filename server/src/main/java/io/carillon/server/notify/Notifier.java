package io.carillon.server.notify;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers notifications on a few threads of its own, retrying each a few times with backoff. The
 * caller (a Quartz worker finishing a run) only hands the work over: it never waits, and nothing a
 * channel does can fail the run or throw into Quartz.
 */
public final class Notifier implements Managed {
  /** Deliveries waiting or in flight beyond which new ones are dropped (and counted as failed). */
  static final int MAX_PENDING = 1000;

  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
  private static final Duration STOP_WAIT = Duration.ofSeconds(10);

  private final Map<String, Channel> channels;
  private final int attempts;
  private final Duration backoff;
  private final MetricRegistry metrics;
  private final ScheduledExecutorService executor;
  private final Semaphore pending = new Semaphore(MAX_PENDING);

  Notifier(Map<String, Channel> channels, int attempts, Duration backoff, MetricRegistry metrics) {
    this.channels = Map.copyOf(channels);
    this.attempts = attempts;
    this.backoff = backoff;
    this.metrics = metrics;
    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2, threads());
    pool.setRemoveOnCancelPolicy(true);
    this.executor = pool;
  }

  /** A notifier with no channels, for a server without notifications configured. */
  public static Notifier none(MetricRegistry metrics) {
    return new Notifier(Map.of(), 1, Duration.ZERO, metrics);
  }

  /** The names jobs may use in {@code notify}. */
  public Set<String> channelNames() {
    return channels.keySet();
  }

  /** Queues {@code notification} for each named channel (each at most once) and returns at once. */
  public void send(Notification notification, Collection<String> channelNames) {
    for (String name : new LinkedHashSet<>(channelNames)) {
      Channel channel = channels.get(name);
      if (channel == null) {
        LOG.warn(
            "{} names notification channel '{}', which is not configured",
            notification.job(),
            name);
      } else if (!channel.isEnabled()) {
        LOG.debug("Channel '{}' is declared but has no URL or SMTP server; not sent", name);
      } else if (!pending.tryAcquire()) {
        failed(channel, notification, "more than " + MAX_PENDING + " notifications pending");
      } else {
        schedule(channel, notification, 1, Duration.ZERO);
      }
    }
  }

  private void schedule(Channel channel, Notification notification, int attempt, Duration delay) {
    try {
      executor.schedule(
          () -> deliver(channel, notification, attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      pending.release();
      failed(channel, notification, "the server is stopping");
    }
  }

  private void deliver(Channel channel, Notification notification, int attempt) {
    try {
      channel.send(notification);
      pending.release();
      metrics.counter(metricName("sent", channel)).inc();
      LOG.info(
          "Sent {} of {} to channel '{}' ({})",
          notification.event().json(),
          notification.job(),
          channel.name(),
          channel.type());
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      String reason = Notification.firstLine(String.valueOf(e.getMessage()));
      if (attempt < attempts && !executor.isShutdown()) {
        Duration delay = backoff.multipliedBy(1L << Math.min(attempt - 1, 10));
        LOG.warn(
            "Notification to channel '{}' failed on attempt {} of {} ({}); retrying in {}",
            channel.name(),
            attempt,
            attempts,
            reason,
            delay);
        schedule(channel, notification, attempt + 1, delay);
      } else {
        pending.release();
        failed(channel, notification, reason + " (attempt " + attempt + " of " + attempts + ")");
      }
    }
  }

  private void failed(Channel channel, Notification notification, String reason) {
    metrics.counter(metricName("failed", channel)).inc();
    LOG.error(
        "Could not notify channel '{}' ({}) of {} of {}: {}",
        channel.name(),
        channel.type(),
        notification.event().json(),
        notification.job(),
        reason);
  }

  static String metricName(String outcome, Channel channel) {
    return MetricRegistry.name("carillon.notifications", outcome, channel.type());
  }

  @Override
  public void start() {
    // The metrics exist from the start, so dashboards show zero rather than nothing.
    for (String type : List.of("webhook", "slack", "email")) {
      metrics.counter("carillon.notifications.sent." + type);
      metrics.counter("carillon.notifications.failed." + type);
    }
  }

  /** Lets deliveries under way (and their retries) finish for a while, then drops the rest. */
  @Override
  public void stop() throws InterruptedException {
    executor.shutdown();
    if (!executor.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      LOG.warn("Dropping notifications still pending at shutdown");
      executor.shutdownNow();
    }
  }

  private static ThreadFactory threads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "carillon-notify-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}

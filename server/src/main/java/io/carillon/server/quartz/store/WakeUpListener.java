package io.carillon.server.quartz.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-node wake-ups with PostgreSQL's LISTEN/NOTIFY. A node that stores a trigger due before the
 * others' next idle poll (a run-now, a new or earlier schedule) sends {@link #NOTIFY} in the same
 * transaction; every node listens on a connection of its own, outside the pool (it is held for
 * good), and wakes its scheduler thread, so an idle node fires within milliseconds instead of up to
 * {@code idleWaitTime} later. Nothing is sent per fire: NOTIFY's commit takes a global lock.
 *
 * <p>The listener reconnects after any failure (an outage, a restart of PostgreSQL); a wake-up lost
 * meanwhile costs at most one idle poll, which still runs.
 */
final class WakeUpListener {
  private static final Logger LOG = LoggerFactory.getLogger(WakeUpListener.class);

  static final String CHANNEL = "carillon_wake";

  /** Payload: the scheduler name, a newline, the trigger's next fire time in epoch milliseconds. */
  static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', ? || chr(10) || ?)";

  /** How long one wait for notifications lasts; between waits the connection is checked. */
  private static final int WAIT_MILLIS = 1_000;

  private static final int CHECK_EVERY = 10;

  private final Callable<Connection> connections;
  private final String scheduler;
  private final LongConsumer wake;
  private final Duration retryInterval;
  private final Thread thread;
  private volatile boolean closed;

  WakeUpListener(
      Callable<Connection> connections,
      String scheduler,
      LongConsumer wake,
      Duration retryInterval,
      String threadName) {
    this.connections = connections;
    this.scheduler = scheduler;
    this.wake = wake;
    this.retryInterval = retryInterval;
    this.thread = new Thread(this::run, threadName);
    this.thread.setDaemon(true);
  }

  /** Sends a wake-up in {@code conn}'s transaction: delivered to all nodes when it commits. */
  static void notify(Connection conn, String scheduler, long nextFireTime) throws SQLException {
    try (PreparedStatement statement = conn.prepareStatement(NOTIFY)) {
      statement.setString(1, scheduler);
      statement.setString(2, Long.toString(nextFireTime));
      statement.executeQuery().close();
    }
  }

  void start() {
    thread.start();
  }

  void close() {
    closed = true;
    thread.interrupt();
  }

  private void run() {
    boolean failing = false;
    while (!closed) {
      try (Connection conn = connections.call()) {
        conn.setAutoCommit(true);
        try (Statement statement = conn.createStatement()) {
          statement.execute("LISTEN " + CHANNEL);
        }
        if (failing) {
          LOG.info("Listening for wake-ups from other nodes again");
          failing = false;
        }
        listen(conn);
      } catch (Exception e) {
        if (closed) {
          return;
        }
        if (!failing) {
          LOG.warn(
              "Not listening for wake-ups from other nodes (retrying every {}): {}",
              retryInterval,
              e.getMessage());
          failing = true;
        }
        try {
          Thread.sleep(retryInterval.toMillis());
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  private void listen(Connection conn) throws SQLException {
    PGConnection pg = conn.unwrap(PGConnection.class);
    for (int round = 1; !closed; round++) {
      PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
      if (notifications != null) {
        for (PGNotification notification : notifications) {
          handle(notification.getParameter());
        }
      }
      if (round % CHECK_EVERY == 0) {
        // A half-open connection never delivers and never fails: ask it something.
        try (Statement statement = conn.createStatement()) {
          statement.execute("SELECT 1");
        }
      }
    }
  }

  private void handle(String payload) {
    int split = payload.lastIndexOf('\n');
    if (split < 0 || !payload.substring(0, split).equals(scheduler)) {
      return;
    }
    try {
      wake.accept(Long.parseLong(payload.substring(split + 1)));
    } catch (NumberFormatException e) {
      LOG.debug("Ignoring a malformed wake-up: {}", payload);
    }
  }
}

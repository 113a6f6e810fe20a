package io.carillon.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NotifierTest {
  private final MetricRegistry metrics = new MetricRegistry();
  private final FakeChannel flaky = new FakeChannel("flaky", "webhook", true, 2);
  private final FakeChannel dead = new FakeChannel("dead", "slack", true, Integer.MAX_VALUE);
  private final FakeChannel off = new FakeChannel("off", "email", false, 0);
  private final Notifier notifier =
      new Notifier(
          Map.of("flaky", flaky, "dead", dead, "off", off), 3, Duration.ofMillis(10), metrics);

  @AfterEach
  void stop() throws InterruptedException {
    notifier.stop();
  }

  @Test
  void a_failed_delivery_is_tried_again_until_it_succeeds() {
    notifier.send(NotificationTest.failure("boom"), List.of("flaky"));

    await().atMost(Duration.ofSeconds(10)).until(() -> count("sent", "webhook") == 1);
    assertThat(flaky.calls).hasValue(3);
    assertThat(count("failed", "webhook")).isZero();
  }

  @Test
  void a_channel_that_never_answers_is_given_up_after_the_attempts_and_counted() {
    notifier.send(NotificationTest.failure("boom"), List.of("dead"));

    await().atMost(Duration.ofSeconds(10)).until(() -> count("failed", "slack") == 1);
    assertThat(dead.calls).hasValue(3);
    assertThat(count("sent", "slack")).isZero();
  }

  @Test
  void unknown_and_switched_off_channels_are_skipped_without_throwing() {
    notifier.send(NotificationTest.failure("boom"), List.of("nowhere", "off", "flaky", "flaky"));

    await().atMost(Duration.ofSeconds(10)).until(() -> count("sent", "webhook") == 1);
    assertThat(off.calls).hasValue(0);
    assertThat(flaky.sent).hasSize(1);
  }

  @Test
  void nothing_is_sent_once_stopped_and_sending_still_does_not_throw() throws Exception {
    notifier.stop();

    notifier.send(NotificationTest.failure("boom"), List.of("flaky"));

    assertThat(flaky.calls).hasValue(0);
    assertThat(count("failed", "webhook")).isEqualTo(1);
  }

  private long count(String outcome, String type) {
    return metrics.counter("carillon.notifications." + outcome + "." + type).getCount();
  }

  /** Fails its first {@code failures} calls. */
  private static final class FakeChannel implements Channel {
    final AtomicInteger calls = new AtomicInteger();
    final List<Notification> sent = new CopyOnWriteArrayList<>();
    private final String name;
    private final String type;
    private final boolean enabled;
    private final int failures;

    FakeChannel(String name, String type, boolean enabled, int failures) {
      this.name = name;
      this.type = type;
      this.enabled = enabled;
      this.failures = failures;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String type() {
      return type;
    }

    @Override
    public boolean isEnabled() {
      return enabled;
    }

    @Override
    public void send(Notification notification) throws IOException {
      if (calls.incrementAndGet() <= failures) {
        throw new IOException("HTTP 503");
      }
      sent.add(notification);
    }
  }
}

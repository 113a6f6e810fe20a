package io.carillon.server.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

class JitterTest {
  private static final Duration JITTER = Duration.ofSeconds(30);

  @Test
  void a_jobs_offset_is_the_same_every_time_and_within_the_jitter() {
    Duration offset = Jitter.offset("reports", "nightly", JITTER);

    assertThat(Jitter.offset("reports", "nightly", JITTER)).isEqualTo(offset);
    assertThat(offset).isBetween(Duration.ZERO, JITTER.minusSeconds(1));
    assertThat(offset.getNano()).isZero();
  }

  @Test
  void a_herd_of_jobs_spreads_over_the_jitter() {
    Set<Duration> offsets = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      Duration offset = Jitter.offset("herd", "job-" + i, JITTER);
      assertThat(offset).isBetween(Duration.ZERO, JITTER.minusSeconds(1));
      offsets.add(offset);
    }
    assertThat(offsets).as("100 jobs over 30 possible seconds").hasSizeGreaterThan(20);
  }

  @Test
  void no_jitter_or_less_than_a_second_is_no_offset() {
    assertThat(Jitter.offset("g", "n", null)).isZero();
    assertThat(Jitter.offset("g", "n", Duration.ofMillis(500))).isZero();
  }

  @Test
  void a_jittered_cron_trigger_fires_at_each_cron_time_plus_the_offset() {
    Clock clock = Clock.fixed(Instant.parse("2027-03-20T12:00:00Z"), ZoneOffset.UTC);
    Trigger trigger =
        new TriggerFactory(clock)
            .build(
                TriggerKey.triggerKey("t"),
                JobKey.jobKey("t"),
                new CronSchedule("0 0 0 * * ?", ZoneId.of("UTC")),
                MisfirePolicy.DEFAULT,
                null,
                Duration.ofSeconds(17));

    Date first = trigger.getFireTimeAfter(Date.from(clock.instant()));
    Date second = trigger.getFireTimeAfter(first);

    assertThat(trigger).isInstanceOf(JitteredCronTrigger.class);
    assertThat(first.toInstant()).isEqualTo(Instant.parse("2027-03-21T00:00:17Z"));
    assertThat(second.toInstant()).isEqualTo(Instant.parse("2027-03-22T00:00:17Z"));
    assertThat(
            trigger.getFireTimeAfter(Date.from(Instant.parse("2027-03-21T00:00:10Z"))).toInstant())
        .as("between the cron time and its offset, the same day's fire is still ahead")
        .isEqualTo(Instant.parse("2027-03-21T00:00:17Z"));
  }

  @Test
  void an_interval_with_jitter_starts_that_much_later() {
    Clock clock = Clock.fixed(Instant.parse("2027-03-20T12:00:00Z"), ZoneOffset.UTC);
    Trigger trigger =
        new TriggerFactory(clock)
            .build(
                TriggerKey.triggerKey("t"),
                JobKey.jobKey("t"),
                new IntervalSchedule(new FixedInterval(Duration.ofHours(1)), clock.instant(), null),
                MisfirePolicy.DEFAULT,
                null,
                Duration.ofSeconds(9));

    assertThat(trigger.getStartTime().toInstant()).isEqualTo(Instant.parse("2027-03-20T12:00:09Z"));
  }
}

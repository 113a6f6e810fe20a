package io.carillon.server.quartz.schema;

import java.util.List;

/** Quartz's tables by what they are used for, for maintenance that works on tables as a whole. */
public final class QuartzTables {
  /** Quartz's tables that every fire reads or writes. */
  public static final List<String> ON_FIRING_PATH =
      List.of(
          "qrtz_triggers",
          "qrtz_simple_triggers",
          "qrtz_cron_triggers",
          "qrtz_fired_triggers",
          "qrtz_job_details");

  private QuartzTables() {}
}

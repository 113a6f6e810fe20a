package io.carillon.server.core.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cron as people write it for crontab — five fields ({@code 0 6 * * *}) or a macro ({@code @daily})
 * — in Quartz's form ({@code 0 0 6 * * ?}): a seconds field first, {@code ?} for the unused day
 * field, and day-of-week counted 1-7 from Sunday instead of 0-7. Six or seven fields are Quartz's
 * own form and pass through unchanged.
 */
public final class UnixCron {
  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 0 1 1 ?",
          "@annually", "0 0 0 1 1 ?",
          "@monthly", "0 0 0 1 * ?",
          "@weekly", "0 0 0 ? * SUN",
          "@daily", "0 0 0 * * ?",
          "@midnight", "0 0 0 * * ?",
          "@hourly", "0 0 * * * ?");

  private UnixCron() {}

  /**
   * The Quartz form of {@code expression}.
   *
   * @throws InvalidScheduleException on {@code schedule.cron} for what Quartz cannot express
   */
  public static String toQuartz(String expression) {
    String text = expression.strip();
    if (text.startsWith("@")) {
      String macro = MACROS.get(text.toLowerCase(Locale.ROOT));
      if (macro == null) {
        throw new InvalidScheduleException(
            "schedule.cron",
            "unknown macro '" + text + "'; use @yearly, @monthly, @weekly, @daily or @hourly");
      }
      return macro;
    }
    String[] fields = text.split("\\s+");
    if (fields.length != 5) {
      return text;
    }
    String dayOfMonth = fields[2];
    String dayOfWeek = dayOfWeek(fields[4]);
    boolean anyDay = dayOfMonth.equals("*");
    boolean anyWeekday = fields[4].equals("*");
    if (!anyDay && !anyWeekday) {
      throw new InvalidScheduleException(
          "schedule.cron",
          "sets both day-of-month ("
              + dayOfMonth
              + ") and day-of-week ("
              + fields[4]
              + "): crontab runs on either, Quartz cron cannot say that; keep one and make the"
              + " other '*'");
    }
    if (anyWeekday) {
      dayOfWeek = "?";
    } else {
      dayOfMonth = "?";
    }
    return String.join(" ", "0", fields[0], fields[1], dayOfMonth, fields[3], dayOfWeek);
  }

  /** Crontab's weekday numbers 0-7 (0 and 7 are Sunday) as Quartz's 1-7 (1 is Sunday). */
  private static String dayOfWeek(String field) {
    List<String> parts = new ArrayList<>();
    for (String part : field.split(",", -1)) {
      String[] stepped = part.split("/", 2);
      String range = stepped[0];
      String[] ends = range.split("-", 2);
      StringBuilder out = new StringBuilder(weekday(ends[0]));
      if (ends.length == 2) {
        out.append('-').append(weekday(ends[1]));
      }
      if (stepped.length == 2) {
        out.append('/').append(stepped[1]);
      }
      parts.add(out.toString());
    }
    return String.join(",", parts);
  }

  private static String weekday(String text) {
    if (!text.matches("[0-7]")) {
      return text; // *, names (MON), or something Quartz will name as wrong
    }
    int day = Integer.parseInt(text);
    return Integer.toString(day == 7 ? 1 : day + 1);
  }
}

package io.carillon.server.core;

import io.carillon.server.common.FieldError;
import io.carillon.server.common.InvalidInputException;
import io.carillon.server.core.definition.CalendarSpec;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.TimeZone;
import org.quartz.CronExpression;
import org.quartz.impl.calendar.AnnualCalendar;
import org.quartz.impl.calendar.BaseCalendar;
import org.quartz.impl.calendar.CronCalendar;
import org.quartz.impl.calendar.DailyCalendar;
import org.quartz.impl.calendar.HolidayCalendar;

/**
 * The mapping of a calendar document ({@link CalendarSpec}) to Quartz's own calendars: validated
 * with every error at once, then chained (holiday dates, annual days, daily windows, a cron); and
 * each exclusion alone, so that a preview can say which one excludes a time. No state, no Quartz
 * scheduler: {@link Calendars} stores what this builds.
 */
final class CalendarSpecs {
  static final int MAX_ENTRIES = 1000;

  private CalendarSpecs() {}

  /** One exclusion of a calendar as a Quartz calendar of its own, and how to say it. */
  record Exclusion(BaseCalendar calendar, String reason) {}

  /** Each exclusion alone, to say which one excludes a time. */
  static List<Exclusion> exclusions(CalendarSpec spec) {
    List<Exclusion> all = new ArrayList<>();
    TimeZone zone = TimeZone.getTimeZone(zone(spec));
    for (String date : list(spec.excludeDates())) {
      HolidayCalendar one = new HolidayCalendar();
      one.setTimeZone(zone);
      one.addExcludedDate(date(LocalDate.parse(date), zone));
      all.add(new Exclusion(one, "the date " + date));
    }
    for (String day : list(spec.excludeAnnual())) {
      AnnualCalendar one = new AnnualCalendar();
      one.setTimeZone(zone);
      one.setDayExcluded(annual(MonthDay.parse("--" + day), zone), true);
      all.add(new Exclusion(one, "every " + day));
    }
    for (CalendarSpec.DailyWindow window : list(spec.excludeDaily())) {
      DailyCalendar one = new DailyCalendar(window.from(), window.to());
      one.setTimeZone(zone);
      all.add(new Exclusion(one, "daily from " + window.from() + " to " + window.to()));
    }
    if (spec.excludeCron() != null) {
      try {
        CronCalendar one = new CronCalendar(spec.excludeCron());
        one.setTimeZone(zone);
        all.add(new Exclusion(one, "cron " + spec.excludeCron()));
      } catch (ParseException e) {
        throw new InvalidInputException("excludeCron", e.getMessage());
      }
    }
    return all;
  }

  /** Validates the spec (every error at once) and chains the calendars it names. */
  static BaseCalendar build(CalendarSpec spec) {
    List<FieldError> errors = new ArrayList<>();
    ZoneId zoneId = null;
    try {
      zoneId = zone(spec);
    } catch (DateTimeException e) {
      errors.add(new FieldError("timeZone", "unknown time zone '" + spec.timeZone() + "'"));
    }
    if (spec.description() != null && spec.description().length() > 1000) {
      errors.add(new FieldError("description", "must be at most 1000 characters"));
    }
    size(errors, "excludeDates", spec.excludeDates());
    size(errors, "excludeAnnual", spec.excludeAnnual());
    size(errors, "excludeDaily", spec.excludeDaily());
    List<String> dates = list(spec.excludeDates());
    for (int i = 0; i < dates.size(); i++) {
      try {
        LocalDate.parse(String.valueOf(dates.get(i)));
      } catch (DateTimeParseException e) {
        errors.add(
            new FieldError("excludeDates[" + i + "]", "must be an ISO date such as 2026-12-25"));
      }
    }
    List<String> annual = list(spec.excludeAnnual());
    for (int i = 0; i < annual.size(); i++) {
      try {
        MonthDay.parse("--" + annual.get(i));
      } catch (DateTimeParseException e) {
        errors.add(new FieldError("excludeAnnual[" + i + "]", "must be MM-DD such as 12-25"));
      }
    }
    List<CalendarSpec.DailyWindow> windows = list(spec.excludeDaily());
    for (int i = 0; i < windows.size(); i++) {
      CalendarSpec.DailyWindow window = windows.get(i);
      LocalTime from =
          time(errors, "excludeDaily[" + i + "].from", window == null ? null : window.from());
      LocalTime to =
          time(errors, "excludeDaily[" + i + "].to", window == null ? null : window.to());
      if (from != null && to != null && !from.isBefore(to)) {
        errors.add(new FieldError("excludeDaily[" + i + "].to", "must be after from"));
      }
    }
    if (spec.excludeCron() != null && !CronExpression.isValidExpression(spec.excludeCron())) {
      errors.add(new FieldError("excludeCron", "is not a valid Quartz cron expression"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
    TimeZone zone = TimeZone.getTimeZone(zoneId);
    BaseCalendar chain = null;
    if (!dates.isEmpty()) {
      HolidayCalendar holidays = new HolidayCalendar(chain);
      holidays.setTimeZone(zone);
      dates.forEach(d -> holidays.addExcludedDate(date(LocalDate.parse(d), zone)));
      chain = holidays;
    }
    if (!annual.isEmpty()) {
      AnnualCalendar days = new AnnualCalendar(chain);
      days.setTimeZone(zone);
      annual.forEach(d -> days.setDayExcluded(annual(MonthDay.parse("--" + d), zone), true));
      chain = days;
    }
    for (CalendarSpec.DailyWindow window : windows) {
      DailyCalendar daily = new DailyCalendar(chain, window.from(), window.to());
      daily.setTimeZone(zone);
      chain = daily;
    }
    if (spec.excludeCron() != null) {
      try {
        CronCalendar cron = new CronCalendar(chain, spec.excludeCron(), zone);
        chain = cron;
      } catch (ParseException e) {
        throw new InvalidInputException("excludeCron", e.getMessage());
      }
    }
    if (chain == null) {
      chain = new BaseCalendar(zone);
    }
    return chain;
  }

  private static LocalTime time(List<FieldError> errors, String field, String text) {
    if (text == null) {
      errors.add(new FieldError(field, "is required"));
      return null;
    }
    try {
      if (!text.matches("\\d{2}:\\d{2}(:\\d{2})?")) {
        throw new DateTimeParseException("format", text, 0);
      }
      return LocalTime.parse(text);
    } catch (DateTimeParseException e) {
      errors.add(new FieldError(field, "must be HH:mm or HH:mm:ss"));
      return null;
    }
  }

  private static void size(List<FieldError> errors, String field, List<?> values) {
    if (values != null && values.size() > MAX_ENTRIES) {
      errors.add(new FieldError(field, "at most " + MAX_ENTRIES + " entries"));
    }
  }

  private static ZoneId zone(CalendarSpec spec) {
    return spec.timeZone() == null ? ZoneId.of("UTC") : ZoneId.of(spec.timeZone());
  }

  private static <T> List<T> list(List<T> values) {
    return values == null ? List.of() : values;
  }

  private static Date date(LocalDate date, TimeZone zone) {
    return Date.from(date.atStartOfDay(zone.toZoneId()).toInstant());
  }

  private static java.util.Calendar annual(MonthDay day, TimeZone zone) {
    GregorianCalendar calendar = new GregorianCalendar(zone);
    calendar.clear();
    calendar.set(2000, day.getMonthValue() - 1, day.getDayOfMonth());
    return calendar;
  }
}

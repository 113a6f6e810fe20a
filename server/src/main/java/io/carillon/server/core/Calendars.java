package io.carillon.server.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carillon.server.common.Caller;
import io.carillon.server.common.CarillonException;
import io.carillon.server.common.ConflictException;
import io.carillon.server.common.FieldError;
import io.carillon.server.common.InvalidInputException;
import io.carillon.server.common.NotFoundException;
import io.carillon.server.core.definition.CalendarSpec;
import io.carillon.server.db.JobDao;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.Calendar;
import org.quartz.CronExpression;
import org.quartz.Scheduler;
import org.quartz.impl.calendar.AnnualCalendar;
import org.quartz.impl.calendar.BaseCalendar;
import org.quartz.impl.calendar.CronCalendar;
import org.quartz.impl.calendar.DailyCalendar;
import org.quartz.impl.calendar.HolidayCalendar;

/**
 * Calendars as resources (issue 18 §3): a {@link CalendarSpec} becomes a chain of Quartz's own
 * calendars (holiday, annual, daily, cron), stored by Quartz under the name; the spec itself is
 * kept as the outermost calendar's description, so what was put is what is shown.
 */
public final class Calendars {
  static final int MAX_ENTRIES = 1000;

  /** How many of the jobs naming a calendar its view and the 409 of its deletion list. */
  public static final int JOBS_SHOWN = 100;

  private final QuartzJobs quartz;
  private final JobDao jobs;
  private final ObjectMapper json;
  private final AuditLog audit;

  public Calendars(
      Scheduler scheduler, JobDao jobs, ObjectMapper json, AuditLog audit, java.time.Clock clock) {
    this.quartz = new QuartzJobs(scheduler, clock);
    this.jobs = jobs;
    this.json = json;
    this.audit = audit;
  }

  /**
   * Creates or replaces a calendar; the triggers of jobs naming it are recomputed. Quartz stores
   * calendars in its own tables on its own connection, so the audit entry cannot share that
   * transaction: it is written first and committed only once Quartz has stored the calendar, so a
   * refused calendar leaves no entry and an entry that cannot be written stores no calendar.
   */
  public CalendarSpec put(String name, CalendarSpec spec, Caller by) {
    JobRequests.requireKeyPart("name", name);
    if (spec == null) {
      throw new InvalidInputException("calendar", "a body is required");
    }
    BaseCalendar calendar = build(spec);
    try {
      calendar.setDescription(json.writeValueAsString(spec));
    } catch (JsonProcessingException e) {
      throw new CarillonException("cannot write calendar " + name, e);
    }
    return audit.atomically(
        () -> {
          CalendarSpec before = find(name).orElse(null);
          audit.record(by, "calendar.put", "calendar:" + name, before, spec);
          quartz.putCalendar(name, calendar);
          return spec;
        });
  }

  public CalendarSpec get(String name) {
    return find(name).orElseThrow(() -> notFound(name));
  }

  public Optional<CalendarSpec> find(String name) {
    return quartz.calendar(name).map(this::spec);
  }

  public List<String> names() {
    return quartz.calendarNames();
  }

  /**
   * The jobs whose definition names the calendar ({@code group/name}, in order, at most {@link
   * #JOBS_SHOWN}), whether or not they have a trigger now.
   */
  public List<String> jobsNaming(String name) {
    return jobs.idsNamingCalendar(name, JOBS_SHOWN).stream()
        .map(id -> id.group() + "/" + id.name())
        .toList();
  }

  /**
   * 409 naming the jobs while any names it: their definitions name it, paused, on demand or done
   * with their schedule alike, since each would be refused at its next save. The audit entry is
   * ordered as {@link #put}'s, for its reason.
   */
  public void delete(String name, Caller by) {
    CalendarSpec before = get(name);
    List<String> naming = jobsNaming(name);
    if (!naming.isEmpty()) {
      throw new ConflictException(
          "calendar "
              + name
              + " is named by "
              + (naming.size() == JOBS_SHOWN ? "at least " : "")
              + naming.size()
              + (naming.size() == 1 ? " job: " : " jobs: ")
              + String.join(", ", naming)
              + "; change or delete those jobs first");
    }
    audit.atomically(
        () -> {
          audit.record(by, "calendar.delete", "calendar:" + name, before, null);
          quartz.deleteCalendar(name);
          return null;
        });
  }

  /** The Quartz calendar of that name, for previews. */
  public Optional<Calendar> quartzCalendar(String name) {
    return quartz.calendar(name);
  }

  /** Why the calendar excludes {@code at}, or null if it does not. */
  public String whyExcluded(String name, Instant at) {
    CalendarSpec spec = get(name);
    for (Exclusion exclusion : exclusions(spec)) {
      if (!exclusion.calendar().isTimeIncluded(at.toEpochMilli())) {
        return "excluded by calendar " + name + ": " + exclusion.reason();
      }
    }
    return null;
  }

  private record Exclusion(BaseCalendar calendar, String reason) {}

  private CalendarSpec spec(Calendar calendar) {
    try {
      return json.readValue(calendar.getDescription(), CalendarSpec.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new CarillonException("stored calendar: " + e.getMessage(), e);
    }
  }

  /** Each exclusion alone, to say which one excludes a time. */
  private static List<Exclusion> exclusions(CalendarSpec spec) {
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

  private static NotFoundException notFound(String name) {
    return new NotFoundException("calendar " + name + " does not exist");
  }
}

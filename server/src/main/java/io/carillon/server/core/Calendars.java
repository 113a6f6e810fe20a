package io.carillon.server.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carillon.server.common.Caller;
import io.carillon.server.common.CarillonException;
import io.carillon.server.common.ConflictException;
import io.carillon.server.common.InvalidInputException;
import io.carillon.server.common.NotFoundException;
import io.carillon.server.core.definition.CalendarSpec;
import io.carillon.server.db.JobDao;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.quartz.Calendar;
import org.quartz.Scheduler;
import org.quartz.impl.calendar.BaseCalendar;

/**
 * Calendars as resources (issue 18 §3): a {@link CalendarSpec} becomes a chain of Quartz's own
 * calendars ({@link CalendarSpecs}), stored by Quartz under the name; the spec itself is kept as
 * the outermost calendar's description, so what was put is what is shown.
 */
public final class Calendars {
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
    BaseCalendar calendar = CalendarSpecs.build(spec);
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
    for (CalendarSpecs.Exclusion exclusion : CalendarSpecs.exclusions(spec)) {
      if (!exclusion.calendar().isTimeIncluded(at.toEpochMilli())) {
        return "excluded by calendar " + name + ": " + exclusion.reason();
      }
    }
    return null;
  }

  private CalendarSpec spec(Calendar calendar) {
    try {
      return json.readValue(calendar.getDescription(), CalendarSpec.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new CarillonException("stored calendar: " + e.getMessage(), e);
    }
  }

  private static NotFoundException notFound(String name) {
    return new NotFoundException("calendar " + name + " does not exist");
  }
}

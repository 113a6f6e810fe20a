package io.carillon.server.core;

import io.carillon.jobs.InvalidParametersException;
import io.carillon.jobs.JobParameters;
import io.carillon.jobs.JobTypeRegistry;
import io.carillon.server.common.FieldError;
import io.carillon.server.common.ForbiddenException;
import io.carillon.server.common.InternalJobs;
import io.carillon.server.common.InvalidInputException;
import io.carillon.server.common.Overlap;
import io.carillon.server.core.definition.ExpectSpec;
import io.carillon.server.core.definition.HistorySpec;
import io.carillon.server.core.definition.JobRequest;
import io.carillon.server.core.definition.NotifySpec;
import io.carillon.server.core.definition.RetrySpec;
import io.carillon.server.core.schedule.CronSchedule;
import io.carillon.server.core.schedule.InvalidScheduleException;
import io.carillon.server.core.schedule.MisfirePolicy;
import io.carillon.server.core.schedule.Schedule;
import io.carillon.server.core.schedule.ScheduleSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks a {@link JobRequest} completely — every wrong field is reported at once — and fills in the
 * defaults, giving a {@link JobDefinition}. Nothing is stored until this has passed.
 */
public final class JobRequests {
  public static final String DEFAULT_GROUP = "default";
  // The rule the OpenAPI document states. "." and ".." are excluded: they are path segments no
  // URL can name (/jobs/default/.. is /jobs).
  static final Pattern KEY_PART = Pattern.compile(JobRequest.NAME_PATTERN);
  static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9._/-]{1,100}");
  static final int MAX_LABELS = 20;
  static final int MAX_LABEL_VALUE = 200;
  static final int MAX_DESCRIPTION = 1000;
  static final int MAX_ATTEMPTS = 100;
  static final Duration MAX_TIMEOUT = Duration.ofDays(7);
  static final Duration MIN_EXPECT = Duration.ofSeconds(1);
  static final int MAX_HISTORY = 1_000_000;
  static final Duration MAX_EXPECT = Duration.ofDays(400);
  static final String KEY_RULE = "must be 1-100 characters of A-Z a-z 0-9 . _ -, and not . or ..";

  private final JobTypeRegistry types;
  private final Clock clock;
  private final Set<String> channels;
  private final ZoneId defaultZone;
  private final Duration lateness;

  public JobRequests(JobTypeRegistry types, Clock clock) {
    this(types, clock, Set.of());
  }

  /** {@code channels}: the notification channels declared in the configuration, by name. */
  public JobRequests(JobTypeRegistry types, Clock clock, Set<String> channels) {
    this(types, clock, channels, CronSchedule.DEFAULT_ZONE, Duration.ZERO);
  }

  /**
   * {@code defaultZone}: a cron's zone when the job names none ({@code scheduler.defaultTimeZone});
   * {@code misfireThreshold}: how late a one-shot may be and still just run (Quartz's rule), so an
   * {@code at} only that far in the past is not refused.
   */
  public JobRequests(
      JobTypeRegistry types,
      Clock clock,
      Set<String> channels,
      ZoneId defaultZone,
      Duration misfireThreshold) {
    this.types = types;
    this.clock = clock;
    this.channels = Set.copyOf(channels);
    this.defaultZone = defaultZone;
    this.lateness = misfireThreshold;
  }

  /**
   * Validates a request; a key from the URL path wins over (and must agree with) the body's. A
   * one-shot {@code at} in the past is refused unless the request says what to do with it ({@code
   * misfire}).
   */
  public JobDefinition validate(JobRequest request, String pathGroup, String pathName) {
    return validate(request, pathGroup, pathName, true);
  }

  /**
   * Validates a job declared in config.yml: as {@link #validate}, but a past {@code at} is left to
   * the misfire policy, since a declared one-shot stays in the file after it has fired.
   */
  public JobDefinition validateDeclared(JobRequest request) {
    return validate(request, null, null, false);
  }

  private JobDefinition validate(
      JobRequest request, String pathGroup, String pathName, boolean refusePastAt) {
    List<FieldError> errors = new ArrayList<>();
    ScheduleSpec spec =
        request.schedule() == null ? null : request.schedule().withDefaultZone(defaultZone);
    String group = keyPart(errors, "group", pathGroup, request.group(), DEFAULT_GROUP);
    String name = keyPart(errors, "name", pathName, request.name(), null);
    if (InternalJobs.isInternal(group)) {
      errors.add(new FieldError("group", InternalJobs.GROUP + " is reserved for Carillon itself"));
    }
    if (request.description() != null && request.description().length() > MAX_DESCRIPTION) {
      errors.add(
          new FieldError("description", "must be at most " + MAX_DESCRIPTION + " characters"));
    }
    JobParameters params = params(errors, request.type(), request.params());
    List<String> overridable =
        OverridePolicy.declared(errors, types.find(request.type()), request.overridable());
    List<io.carillon.server.core.definition.AfterSpec> after =
        name == null || group == null
            ? null
            : Afters.validate(
                errors,
                new io.carillon.server.common.JobId(group, name),
                types.find(request.type()),
                overridable,
                request.after());
    Schedule schedule = schedule(errors, spec);
    if (refusePastAt) {
      pastAt(errors, spec, request.misfire());
    }
    Duration timeout = DefinitionRules.duration(errors, "timeout", request.timeout(), MAX_TIMEOUT);
    RetrySpec retry = DefinitionRules.retry(errors, request.retry());
    Map<String, String> labels = DefinitionRules.labels(errors, request.labels());
    NotifySpec notify = notify(errors, request.notifications());
    ExpectSpec expect = DefinitionRules.expect(errors, request.expect());
    HistorySpec history = DefinitionRules.history(errors, request.history());
    if (request.calendar() != null && !KEY_PART.matcher(request.calendar()).matches()) {
      errors.add(new FieldError("calendar", KEY_RULE));
    }
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
    JobRequest normalised =
        new JobRequest(
            group,
            name,
            request.type(),
            request.description(),
            params.toJsonMap(),
            overridable,
            spec,
            request.misfire() == null ? MisfirePolicy.FIRE_NOW : request.misfire(),
            request.overlap() == null ? Overlap.ALLOW : request.overlap(),
            retry,
            request.timeout(),
            request.recover() != null && request.recover(),
            notify,
            labels,
            request.enabled() == null || request.enabled(),
            expect,
            history,
            request.calendar(),
            after);
    return new JobDefinition(normalised, params, schedule, timeout);
  }

  /**
   * Whether the caller may override these parameters of a job of this type for one run: 403 ({@link
   * ForbiddenException}) naming each one it may not. Names the type does not know are left to
   * {@link #overrides}, which refuses them as invalid input.
   */
  public void checkOverrides(
      String type, List<String> declared, Set<String> given, boolean byAdmin) {
    types
        .find(type)
        .ifPresent(
            jobType -> {
              List<FieldError> refused = OverridePolicy.refusals(jobType, declared, given, byAdmin);
              if (!refused.isEmpty()) {
                throw new ForbiddenException(refused);
              }
            });
  }

  /** Checks run-now overrides against the job's type, merged over its stored parameters. */
  public JobParameters overrides(
      String type, Map<String, Object> stored, Map<String, Object> given) {
    Map<String, Object> merged = new LinkedHashMap<>(stored);
    merged.putAll(given);
    try {
      return types.validate(type, merged);
    } catch (InvalidParametersException e) {
      throw new InvalidInputException(fieldErrors(e));
    }
  }

  /** Refuses a group or job name (from a URL, say) that no job can have. */
  public static void requireKeyPart(String field, String value) {
    if (value == null || !KEY_PART.matcher(value).matches()) {
      throw new InvalidInputException(field, KEY_RULE);
    }
  }

  private static String keyPart(
      List<FieldError> errors, String field, String fromPath, String fromBody, String fallback) {
    String value = fromPath != null ? fromPath : fromBody != null ? fromBody : fallback;
    if (value == null) {
      errors.add(new FieldError(field, "is required"));
    } else if (!KEY_PART.matcher(value).matches()) {
      errors.add(new FieldError(field, KEY_RULE));
    } else if (fromPath != null && fromBody != null && !fromPath.equals(fromBody)) {
      errors.add(new FieldError(field, "does not match the URL ('" + fromPath + "')"));
    }
    return value;
  }

  private JobParameters params(List<FieldError> errors, String type, Map<String, Object> params) {
    if (type == null || type.isBlank()) {
      errors.add(new FieldError("type", "is required"));
      return null;
    }
    try {
      return types.validate(type, params == null ? Map.of() : params);
    } catch (InvalidParametersException e) {
      errors.addAll(fieldErrors(e));
      return null;
    }
  }

  /**
   * A one-shot due before now, later than Quartz's misfire threshold, would run at once or never:
   * the request must say which.
   */
  private void pastAt(List<FieldError> errors, ScheduleSpec spec, MisfirePolicy misfire) {
    if (spec == null || spec.at() == null || misfire != null) {
      return;
    }
    if (spec.at().isBefore(clock.instant().minus(lateness))) {
      errors.add(
          new FieldError(
              "schedule.at",
              "is in the past ("
                  + spec.at()
                  + "); choose a later time, or say what to do with it: misfire fire-now runs it"
                  + " once now, skip never runs it"));
    }
  }

  private Schedule schedule(List<FieldError> errors, ScheduleSpec spec) {
    if (spec == null) {
      return null;
    }
    try {
      return spec.toSchedule(clock);
    } catch (InvalidScheduleException e) {
      errors.addAll(e.errors());
      return null;
    }
  }

  private NotifySpec notify(List<FieldError> errors, NotifySpec notify) {
    if (notify == null) {
      return null;
    }
    return new NotifySpec(
        channels(errors, "notify.onFailure", notify.onFailure()),
        channels(errors, "notify.onRecovery", notify.onRecovery()),
        channels(errors, "notify.onSuccess", notify.onSuccess()),
        channels(errors, "notify.onLate", notify.onLate()));
  }

  private List<String> channels(List<FieldError> errors, String field, List<String> names) {
    if (names == null) {
      return List.of();
    }
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name == null || !channels.contains(name)) {
        errors.add(
            new FieldError(
                field + "[" + i + "]",
                "unknown channel '" + name + "'; declared: " + new TreeSet<>(channels)));
      }
    }
    return names.stream().filter(Objects::nonNull).distinct().toList();
  }

  private static List<FieldError> fieldErrors(InvalidParametersException e) {
    return e.errors().stream()
        .map(error -> new FieldError(error.field(), error.message()))
        .toList();
  }
}

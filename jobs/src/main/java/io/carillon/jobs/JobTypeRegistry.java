package io.carillon.jobs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** The job types this process knows, and the one place job parameters are validated. */
public final class JobTypeRegistry {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

  private final Map<String, JobType> types;
  private final JobTypeSettings settings;

  /**
   * A registry of exactly these types; two with one name are a {@link DuplicateJobTypeException}.
   */
  public JobTypeRegistry(Collection<? extends JobType> types, JobTypeSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    Map<String, JobType> byName = new LinkedHashMap<>();
    types.stream()
        .sorted(Comparator.comparing(JobType::name))
        .forEach(type -> register(byName, type));
    this.types = Collections.unmodifiableMap(byName);
  }

  /**
   * Discovers types with {@link java.util.ServiceLoader} on this module's class path and in the
   * jars of {@link JobTypeSettings#pluginDirectory()} (which may be null or missing).
   */
  public static JobTypeRegistry discover(JobTypeSettings settings) {
    ClassLoader loader = JobTypeRegistry.class.getClassLoader();
    List<JobType> found = new ArrayList<>(PluginJars.onClassPath(loader));
    found.addAll(PluginJars.inDirectory(settings.pluginDirectory(), loader));
    return new JobTypeRegistry(found, settings);
  }

  public Optional<JobType> find(String name) {
    return Optional.ofNullable(types.get(name));
  }

  /** All types, by name. */
  public List<JobType> types() {
    return List.copyOf(types.values());
  }

  public JobTypeSettings settings() {
    return settings;
  }

  /**
   * Validates a job's type and raw parameters (as decoded from JSON; null means none) and returns
   * them typed, with defaults applied.
   *
   * @throws InvalidParametersException listing every problem: field {@code type} for an unknown
   *     type, {@code params.NAME} for a parameter
   */
  public JobParameters validate(String typeName, Map<String, ?> rawParams) {
    if (typeName == null || typeName.isBlank()) {
      throw new InvalidParametersException(List.of(new FieldError("type", "is required")));
    }
    JobType type =
        find(typeName)
            .orElseThrow(
                () ->
                    new InvalidParametersException(
                        List.of(
                            new FieldError(
                                "type",
                                "unknown job type "
                                    + quoted(typeName)
                                    + "; known types: "
                                    + String.join(", ", types.keySet())))));
    List<FieldError> errors = new ArrayList<>();
    Map<String, Object> typed =
        ParameterValidator.validate(
            type.parameters(), rawParams == null ? Map.of() : rawParams, errors);
    if (!errors.isEmpty()) {
      throw new InvalidParametersException(errors);
    }
    JobParameters params = new JobParameters(typed);
    errors.addAll(type.check(params, settings));
    if (!errors.isEmpty()) {
      throw new InvalidParametersException(errors);
    }
    return params;
  }

  /** Like {@link #validate} for parameters kept as a JSON object string (null or blank: none). */
  public JobParameters validateJson(String typeName, String paramsJson) {
    Map<String, Object> raw =
        paramsJson == null || paramsJson.isBlank()
            ? Map.of()
            : Json.readObject(paramsJson, "params");
    return validate(typeName, raw);
  }

  private static void register(Map<String, JobType> byName, JobType type) {
    String name = type.name();
    if (name == null || !NAME.matcher(name).matches()) {
      throw new JobTypeException(
          "job type "
              + PluginJars.origin(type)
              + " has an invalid name "
              + quoted(name)
              + "; names match "
              + NAME.pattern());
    }
    checkSchema(type);
    JobType previous = byName.putIfAbsent(name, type);
    if (previous != null) {
      throw new DuplicateJobTypeException(
          "job type "
              + quoted(name)
              + " is defined twice: by "
              + PluginJars.origin(previous)
              + " and by "
              + PluginJars.origin(type)
              + "; remove one of them");
    }
  }

  /** A broken schema is the type author's bug: fail at start-up, not on the first job. */
  private static void checkSchema(JobType type) {
    Map<String, Object> defaults = new LinkedHashMap<>();
    for (ParameterSpec spec : type.parameters()) {
      if (spec.type() == ParameterType.ENUM && spec.allowedValues().isEmpty()) {
        throw new JobTypeException(
            "job type "
                + PluginJars.origin(type)
                + ": enum parameter "
                + spec.name()
                + " has no allowed values");
      }
      if (spec.defaultValue() != null) {
        defaults.put(spec.name(), spec.defaultValue());
      }
    }
    List<FieldError> errors = new ArrayList<>();
    List<ParameterSpec> optional = type.parameters().stream().filter(s -> !s.required()).toList();
    ParameterValidator.validate(optional, defaults, errors);
    if (!errors.isEmpty()) {
      throw new JobTypeException(
          "job type " + PluginJars.origin(type) + " has invalid defaults: " + errors);
    }
  }

  private static String quoted(String name) {
    return name == null ? "null" : "'" + name + "'";
  }
}

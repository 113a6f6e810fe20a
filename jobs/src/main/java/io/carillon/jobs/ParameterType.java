package io.carillon.jobs;

/** The kinds of value a parameter can hold, and the JSON each accepts. */
public enum ParameterType {
  /** A JSON string. */
  STRING,
  /** A JSON number without a fractional part, held as a {@code long}. */
  INTEGER,
  /** JSON {@code true} or {@code false}. */
  BOOLEAN,
  /** An ISO-8601 duration string such as {@code PT30S} or {@code P1D}, never negative. */
  DURATION,
  /** A JSON array of strings. */
  LIST,
  /** A JSON object whose values are strings. */
  MAP,
  /** A JSON string that must be one of the parameter's allowed values. */
  ENUM
}

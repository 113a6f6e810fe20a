package io.carillon.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One parameter of a job type's schema. {@code overridable} false: no run-now override may change
 * it (it decides what the job does), whatever the job declares.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ParameterView(
    String name,
    String type,
    boolean required,
    Object defaultValue,
    String description,
    Long min,
    Long max,
    Integer maxLength,
    List<String> allowedValues,
    boolean overridable) {}

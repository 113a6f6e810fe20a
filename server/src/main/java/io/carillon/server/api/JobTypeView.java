package io.carillon.server.api;

import java.util.List;

/** A job type and the parameters its jobs take. */
public record JobTypeView(String name, String description, List<ParameterView> parameters) {}

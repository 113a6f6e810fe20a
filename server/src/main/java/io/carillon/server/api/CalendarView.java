package io.carillon.server.api;

import io.carillon.server.core.definition.CalendarSpec;

/** A calendar as the API shows it: its name and its definition. */
public record CalendarView(String name, CalendarSpec calendar) {}

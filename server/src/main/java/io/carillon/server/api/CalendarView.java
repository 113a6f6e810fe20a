package io.carillon.server.api;

/** A calendar as the API shows it: its name and its definition. */
public record CalendarView(String name, CalendarSpec calendar) {}

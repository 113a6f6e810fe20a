package io.carillon.server.api;

import io.carillon.server.common.DependencyOn;

/**
 * A job that waits on the one shown ({@code group/name}), and how its runs must end ({@code on}).
 */
public record DependencyView(String job, DependencyOn on) {}

package io.carillon.server.api;

/** The answer to "interrupt": how many running executions were asked to stop, on any node. */
public record InterruptAccepted(int executions) {}

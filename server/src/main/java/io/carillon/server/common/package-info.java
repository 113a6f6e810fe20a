/**
 * Types every layer may use: the exception tree mapped to problem responses, the enums stored and
 * shown (execution status, trigger kind, overlap, node state, role), identities, filters, cursors,
 * pages, the rows the store returns to the services, and the {@link PeriodicTask} loop every
 * background check runs on. It depends on no other Carillon package, so nothing imported from here
 * can create a package cycle.
 */
package io.carillon.server.common;

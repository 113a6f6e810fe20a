/**
 * The one JDBC helper ({@link io.carillon.server.jdbc.Transactions}): below {@code db} and {@code
 * quartz.schema}, which both read and write through it, and depending on nothing of the server but
 * {@code common}.
 */
package io.carillon.server.jdbc;

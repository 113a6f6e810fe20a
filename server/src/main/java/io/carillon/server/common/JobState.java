package io.carillon.server.common;

/**
 * How a job stands (SPEC §6), derived in SQL from Carillon's and Quartz's tables by the job
 * listing's SQL so that list filters and single views agree.
 */
public enum JobState {
  SCHEDULED,
  PAUSED,
  RUNNING,
  BLOCKED,
  COMPLETED,
  ERROR
}

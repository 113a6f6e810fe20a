package io.carillon.server.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carillon.server.common.CarillonException;
import io.carillon.server.common.InvalidInputException;
import io.carillon.server.common.Source;
import io.carillon.server.common.StoredJob;
import io.carillon.server.core.definition.JobRequest;
import io.carillon.server.core.schedule.Schedule;
import io.carillon.server.core.schedule.ScheduleSpec;
import java.time.Instant;

/** A job's definition as carillon_job stores it: its JSON, within the column's size, and back. */
final class StoredDefinitions {
  /** The size of carillon_job.definition; parameters are what can make a job this large. */
  static final int MAX_DEFINITION_CHARS = 65_536;

  private final ObjectMapper json;

  StoredDefinitions(ObjectMapper json) {
    this.json = json;
  }

  StoredJob stored(
      JobDefinition definition,
      long version,
      Source source,
      Instant created,
      Instant updated,
      String incarnation) {
    JobRequest request = definition.normalised();
    return new StoredJob(
        request.group(),
        request.name(),
        request.type(),
        request.description(),
        write(request),
        kind(definition.schedule()),
        request.enabled(),
        version,
        source.json(),
        request.labels(),
        created,
        updated,
        incarnation,
        request.calendar());
  }

  /** The stored definition of a job, as a request (the form it is shown in). */
  JobRequest read(StoredJob job) {
    return read(job.group(), job.name(), job.definitionJson());
  }

  /** A stored definition of job {@code group/name} (its current one, or a revision). */
  JobRequest read(String group, String name, String definitionJson) {
    try {
      return json.readValue(definitionJson, JobRequest.class);
    } catch (JsonProcessingException e) {
      throw new CarillonException("stored definition of " + group + "/" + name, e);
    }
  }

  String write(JobRequest request) {
    try {
      String text = json.writeValueAsString(request);
      if (text.length() > MAX_DEFINITION_CHARS) {
        throw new InvalidInputException(
            "params",
            "the job is "
                + text.length()
                + " characters long when stored; at most "
                + MAX_DEFINITION_CHARS
                + " are allowed");
      }
      return text;
    } catch (JsonProcessingException e) {
      throw new CarillonException(
          "cannot serialise job " + request.group() + "/" + request.name(), e);
    }
  }

  /** Any other value stored beside a run (its overrides), as JSON. */
  String writeJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new CarillonException("cannot write " + value, e);
    }
  }

  /** The schedule's form as stored in carillon_job.schedule_kind (null: on demand only). */
  private static String kind(Schedule schedule) {
    if (schedule == null) {
      return null;
    }
    ScheduleSpec spec = schedule.toSpec();
    return spec.cron() != null ? "cron" : spec.every() != null ? "every" : "at";
  }
}

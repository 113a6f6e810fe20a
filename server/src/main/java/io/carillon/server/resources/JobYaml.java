package io.carillon.server.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.carillon.server.api.JobList;

/** Job definitions as YAML, the form config.yml and {@code carillon apply -f} read. */
final class JobYaml {
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .build());

  private JobYaml() {}

  static String write(JobList list) {
    try {
      return YAML.writeValueAsString(list);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write jobs as YAML", e);
    }
  }
}

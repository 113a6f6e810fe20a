package com.example.greeting;

import io.carillon.jobs.JobContext;
import io.carillon.jobs.JobType;
import io.carillon.jobs.ParameterSpec;
import io.carillon.jobs.ParameterType;
import java.util.List;
import java.util.Map;

/** The example plugin: greets someone in the output and returns whom it greeted. */
public final class GreetingJobType implements JobType {

  @Override
  public String name() {
    return "greeting";
  }

  @Override
  public String description() {
    return "Writes a greeting to the output (an example plugin).";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return List.of(
        ParameterSpec.required("name", ParameterType.STRING, "Whom to greet.").withMaxLength(100),
        ParameterSpec.optional("language", ParameterType.ENUM, "Language of the greeting.")
            .withAllowedValues("en", "fr", "de")
            .withDefault("en"));
  }

  @Override
  public void run(JobContext context) {
    String name = context.params().string("name");
    String hello =
        switch (context.params().string("language")) {
          case "fr" -> "Bonjour";
          case "de" -> "Hallo";
          default -> "Hello";
        };
    context.output().line(hello + ", " + name + "!");
    context.result(Map.of("greeted", name, "attempt", context.attempt()));
  }
}

package io.carillon.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carillon.jobs.basic.NoopJobType;
import io.carillon.jobs.testing.PluginJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobTypeRegistryTest {

  @TempDir Path temp;

  @Test
  void the_built_in_types_are_discovered_on_the_class_path() {
    JobTypeRegistry registry = JobTypeRegistry.discover(JobTypeSettings.defaults());

    assertThat(registry.types())
        .extracting(JobType::name)
        .containsExactly("cleanup", "http", "mail", "noop", "shell", "sleep");
  }

  @Test
  void a_missing_plugin_directory_just_adds_nothing() {
    JobTypeSettings settings =
        JobTypeSettings.builder().pluginDirectory(temp.resolve("no-such-dir")).build();

    assertThat(JobTypeRegistry.discover(settings).types()).hasSize(6);
  }

  @Test
  void a_type_in_a_plugin_jar_is_discovered_with_its_own_class_loader() throws Exception {
    Path plugins = temp.resolve("plugins");
    PluginJar.build(
        plugins,
        "report.jar",
        "com.acme.ReportJobType",
        PluginJar.source("com.acme", "ReportJobType", "report"));

    JobTypeRegistry registry =
        JobTypeRegistry.discover(JobTypeSettings.builder().pluginDirectory(plugins).build());

    JobType report = registry.find("report").orElseThrow();
    assertThat(report.getClass().getClassLoader()).isNotSameAs(getClass().getClassLoader());
    assertThat(registry.types()).hasSize(7);
  }

  @Test
  void a_plugin_reusing_a_built_in_name_is_refused_naming_both_sources() throws Exception {
    Path plugins = temp.resolve("plugins");
    PluginJar.build(
        plugins,
        "impostor.jar",
        "com.acme.ImpostorJobType",
        PluginJar.source("com.acme", "ImpostorJobType", "noop"));
    JobTypeSettings settings = JobTypeSettings.builder().pluginDirectory(plugins).build();

    assertThatThrownBy(() -> JobTypeRegistry.discover(settings))
        .isInstanceOf(DuplicateJobTypeException.class)
        .hasMessageContaining("job type 'noop' is defined twice")
        .hasMessageContaining(NoopJobType.class.getName())
        .hasMessageContaining("com.acme.ImpostorJobType")
        .hasMessageContaining("impostor.jar");
  }

  @Test
  void two_types_with_one_name_are_refused() {
    assertThatThrownBy(
            () ->
                new JobTypeRegistry(
                    List.of(new NoopJobType(), new NoopJobType()), JobTypeSettings.defaults()))
        .isInstanceOf(DuplicateJobTypeException.class)
        .hasMessageContaining("'noop' is defined twice");
  }

  @Test
  void a_plugin_directory_that_is_a_file_is_an_error() throws Exception {
    Path file = Files.writeString(temp.resolve("plugins"), "not a directory");
    JobTypeSettings settings = JobTypeSettings.builder().pluginDirectory(file).build();

    assertThatThrownBy(() -> JobTypeRegistry.discover(settings))
        .isInstanceOf(JobTypeException.class)
        .hasMessageContaining("is not a directory");
  }

  @Test
  void a_schema_whose_default_breaks_its_own_rules_is_refused_at_start_up() {
    JobType broken =
        new JobType() {
          @Override
          public String name() {
            return "broken";
          }

          @Override
          public String description() {
            return "";
          }

          @Override
          public List<ParameterSpec> parameters() {
            return List.of(
                ParameterSpec.optional("n", ParameterType.INTEGER, "").withMin(5).withDefault(1));
          }

          @Override
          public void run(JobContext context) {}
        };
    assertThatThrownBy(() -> new JobTypeRegistry(List.of(broken), JobTypeSettings.defaults()))
        .isInstanceOf(JobTypeException.class)
        .hasMessageContaining("invalid defaults")
        .hasMessageContaining("params.n must be at least 5");
  }
}

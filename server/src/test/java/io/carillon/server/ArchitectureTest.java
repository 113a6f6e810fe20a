package io.carillon.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/** The layering STYLE.md describes, checked on every build rather than remembered. */
@AnalyzeClasses(packages = "io.carillon", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule job_types_know_nothing_of_dropwizard_or_http_serving =
      noClasses()
          .that()
          .resideInAPackage("io.carillon.jobs..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.dropwizard..", "jakarta.ws.rs..", "jakarta.servlet..", "io.carillon.server..");

  @ArchTest
  static final ArchRule resources_reach_storage_and_quartz_only_through_services =
      noClasses()
          .that()
          .resideInAPackage("io.carillon.server.resources..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.quartz..",
              "java.sql..",
              "javax.sql..",
              "io.carillon.server.db..",
              "io.carillon.server.quartz..");

  @ArchTest
  static final ArchRule wire_records_carry_no_quartz_or_storage_types =
      noClasses()
          .that()
          .resideInAPackage("io.carillon.server.api..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.quartz..", "io.carillon.server.db..", "io.carillon.server.resources..");

  @ArchTest
  static final ArchRule storage_does_not_reach_up_into_services_or_http =
      noClasses()
          .that()
          .resideInAPackage("io.carillon.server.db..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.carillon.server.resources..", "io.carillon.server.api..", "org.quartz..");

  @ArchTest
  static final ArchRule nothing_below_the_http_layer_depends_on_it =
      noClasses()
          .that()
          .resideInAnyPackage(
              "io.carillon.server.core..", "io.carillon.server.db..", "io.carillon.server.quartz..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.carillon.server.resources..", "jakarta.ws.rs..");

  /**
   * Each top-level package of the server is a slice, its sub-packages (core.schedule, quartz.store,
   * cli.client) part of it, but for quartz.schema: the SQL on Quartz's tables sits below db and
   * core, which read through it, while the rest of quartz (listeners, the store) sits above them.
   */
  private static final SliceAssignment LAYERS =
      new SliceAssignment() {
        private static final String SERVER = "io.carillon.server.";
        private static final String QUARTZ_SCHEMA = SERVER + "quartz.schema";

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
          String name = javaClass.getPackageName();
          if (name.equals(QUARTZ_SCHEMA) || name.startsWith(QUARTZ_SCHEMA + ".")) {
            return SliceIdentifier.of("quartz.schema");
          }
          if (!name.startsWith(SERVER)) {
            return SliceIdentifier.ignore();
          }
          return SliceIdentifier.of(name.substring(SERVER.length()).split("\\.")[0]);
        }

        @Override
        public String getDescription() {
          return "the server's top-level packages, quartz.schema apart from quartz";
        }
      };

  @ArchTest
  static final ArchRule no_package_depends_on_itself_through_others =
      slices().assignedFrom(LAYERS).should().beFreeOfCycles();

  @ArchTest
  static final ArchRule the_jdbc_helper_sits_below_every_reader_of_the_database =
      classes()
          .that()
          .resideInAPackage("io.carillon.server.jdbc..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              "io.carillon.server.jdbc..", "io.carillon.server.common..", "java..", "javax.sql..");

  @ArchTest
  static final ArchRule quartz_schema_sits_below_storage_and_services =
      classes()
          .that()
          .resideInAPackage("io.carillon.server.quartz.schema..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              "io.carillon.server.quartz.schema..",
              "io.carillon.server.jdbc..",
              "io.carillon.server.common..",
              "java..",
              "javax.sql..");

  @ArchTest
  static final ArchRule resources_reach_storage_only_through_services =
      noClasses()
          .that()
          .resideInAPackage("io.carillon.server.resources..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.carillon.server.db..");

  @ArchTest
  static final ArchRule services_speak_domain_types_not_wire_records =
      noClasses()
          .that()
          .resideInAPackage("io.carillon.server.core..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.carillon.server.api..");

  @ArchTest
  static final ArchRule shared_types_depend_on_no_other_layer =
      noClasses()
          .that()
          .resideInAPackage("io.carillon.server.common..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.carillon.server.api..",
              "io.carillon.server.auth..",
              "io.carillon.server.core..",
              "io.carillon.server.db..",
              "io.carillon.server.quartz..",
              "io.carillon.server.resources..",
              "jakarta.ws.rs..",
              "org.quartz..");
}

package io.carillon.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

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
  static final ArchRule resources_hold_no_sql_and_no_quartz =
      noClasses()
          .that()
          .resideInAPackage("io.carillon.server.resources..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.quartz..", "java.sql..", "javax.sql..");

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

  // Sub-packages (core.schedule, quartz.store, cli.client) count as part of their parent.
  @ArchTest
  static final ArchRule no_package_depends_on_itself_through_others =
      slices().matching("io.carillon.server.(*)..").should().beFreeOfCycles();

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

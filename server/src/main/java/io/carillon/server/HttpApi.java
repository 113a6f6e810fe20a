package io.carillon.server;

import io.carillon.jobs.JobTypeRegistry;
import io.carillon.server.auth.AdminTaskGuard;
import io.carillon.server.auth.Authentication;
import io.carillon.server.auth.Authorization;
import io.carillon.server.auth.ClientAddresses;
import io.carillon.server.auth.FailedAttempts;
import io.carillon.server.auth.SecurityHeaders;
import io.carillon.server.logging.SecretRedaction;
import io.carillon.server.resources.ApiDocument;
import io.carillon.server.resources.AuditResource;
import io.carillon.server.resources.BackfillsResource;
import io.carillon.server.resources.BodySizeLimit;
import io.carillon.server.resources.CalendarsResource;
import io.carillon.server.resources.CarillonExceptionMapper;
import io.carillon.server.resources.ClusterResource;
import io.carillon.server.resources.ExecutionsResource;
import io.carillon.server.resources.GroupsResource;
import io.carillon.server.resources.JobActionsResource;
import io.carillon.server.resources.JobDocumentsResource;
import io.carillon.server.resources.JobTypesResource;
import io.carillon.server.resources.JobsResource;
import io.carillon.server.resources.JsonProblemMapper;
import io.carillon.server.resources.KeysResource;
import io.carillon.server.resources.MeResource;
import io.carillon.server.resources.NoStore;
import io.carillon.server.resources.ParameterLimits;
import io.carillon.server.resources.ProblemErrorHandler;
import io.carillon.server.resources.SchedulerResource;
import io.carillon.server.resources.SchedulesResource;
import io.carillon.server.resources.UnexpectedProblemMapper;
import io.carillon.server.resources.UnreadBodyDrain;
import io.carillon.server.resources.WebApplicationProblemMapper;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import io.swagger.v3.jaxrs2.integration.resources.OpenApiResource;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;

/** The REST API: its resources over the services, its problem mappers, and its security. */
final class HttpApi {
  private HttpApi() {}

  static void register(
      Environment environment,
      CarillonConfiguration config,
      Services services,
      JobTypeRegistry types,
      String version,
      Clock clock) {
    registerSecurity(environment, config, services, clock);
    JerseyEnvironment jersey = environment.jersey();
    jersey.register(new CarillonExceptionMapper());
    jersey.register(new JsonProblemMapper());
    jersey.register(new WebApplicationProblemMapper());
    jersey.register(new UnexpectedProblemMapper());
    jersey.register(new BodySizeLimit(config.getMaxRequestBytes()));
    jersey.register(new ParameterLimits());
    jersey.register(new NoStore());
    jersey.register(new JobsResource(services.jobs(), services.documents(), services.declared()));
    jersey.register(new JobDocumentsResource(services.documents(), services.jobs()));
    jersey.register(
        new JobActionsResource(
            services.jobs(),
            services.pauses(),
            services.reruns(),
            services.backfills(),
            services.executions()));
    jersey.register(
        new ExecutionsResource(services.executions(), services.reruns(), services.dependencies()));
    jersey.register(new BackfillsResource(services.backfills()));
    jersey.register(new GroupsResource(services.pauses()));
    jersey.register(new SchedulerResource(services.pauses(), services.cluster()));
    jersey.register(new KeysResource(services.keys()));
    jersey.register(new AuditResource(services.audit()));
    jersey.register(new MeResource());
    jersey.register(new JobTypesResource(types));
    jersey.register(new SchedulesResource(services.preview(), services.calendars()));
    jersey.register(new CalendarsResource(services.calendars()));
    jersey.register(new ClusterResource(services.cluster()));
    jersey.register(ApiDocument.resource(version));
  }

  /**
   * Every API request authenticated and authorised; admin tasks need an admin key; safe headers on
   * every response, Jetty's own error pages included; no credential in the log.
   */
  private static void registerSecurity(
      Environment environment, CarillonConfiguration config, Services services, Clock clock) {
    SecretRedaction.install();
    FailedAttempts attempts = config.getAuth().buildFailedAttempts(clock);
    ClientAddresses addresses = config.getAuth().buildClientAddresses();
    environment.jersey().register(new Authentication(services.keys(), attempts, addresses));
    environment
        .admin()
        .addFilter(
            "admin-task-guard",
            new AdminTaskGuard(services.keys(), attempts, addresses, environment.getObjectMapper()))
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/tasks/*");
    environment.jersey().register(new Authorization(Set.of(OpenApiResource.class)));
    environment
        .servlets()
        .addFilter("security-headers", new SecurityHeaders())
        .addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), true, "/*");
    environment
        .servlets()
        .addFilter("unread-body-drain", new UnreadBodyDrain(config.getMaxRequestBytes()))
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/api/*");
    environment.lifecycle().addEventListener(ProblemErrorHandler.installer());
  }
}

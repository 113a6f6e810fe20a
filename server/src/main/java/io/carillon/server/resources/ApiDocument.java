package io.carillon.server.resources;

import io.swagger.v3.jaxrs2.integration.resources.OpenApiResource;
import io.swagger.v3.oas.integration.SwaggerConfiguration;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The OpenAPI document, served at {@code /api/openapi.json} and {@code .yaml}, built from the
 * resource classes themselves so that it cannot drift from what the server answers.
 */
public final class ApiDocument {
  /** Every resource class the API registers; the document describes exactly these. */
  public static final Set<Class<?>> RESOURCES =
      Set.of(
          JobsResource.class,
          JobDocumentsResource.class,
          JobActionsResource.class,
          BackfillsResource.class,
          CalendarsResource.class,
          ExecutionsResource.class,
          GroupsResource.class,
          SchedulerResource.class,
          ClusterResource.class,
          JobTypesResource.class,
          SchedulesResource.class,
          KeysResource.class,
          AuditResource.class,
          MeResource.class);

  static final String BEARER = "apiKey";

  private ApiDocument() {}

  public static OpenApiResource resource(String version) {
    OpenAPI api =
        new OpenAPI()
            .info(
                new Info()
                    .title("Carillon")
                    // Classes run from target/classes (tests) carry no manifest version.
                    .version(version == null ? "development" : version)
                    .description(
                        "Clustered job server. Errors are application/problem+json with the"
                            + " fields that were wrong (errors[].field); bad input is a 4xx,"
                            + " never a 5xx. Every query and path parameter is at most 1000"
                            + " characters without control characters. JSON values are taken"
                            + " only as the type the schema gives (no \"1\" for 1, no 0 for an"
                            + " instant), a key sent twice is refused, strings may not hold NUL,"
                            + " and instants are ISO-8601 between 1970-01-01T00:00:00Z and"
                            + " 9999-12-31T23:59:59Z. Responses are Cache-Control: no-store."))
            // Every operation needs an API key as a bearer token (see docs/security.md).
            .components(
                new Components()
                    .addSecuritySchemes(
                        BEARER,
                        new SecurityScheme()
                            .type(SecurityScheme.Type.HTTP)
                            .scheme("bearer")
                            .description("A Carillon API key: Authorization: Bearer crl_...")))
            .addSecurityItem(new SecurityRequirement().addList(BEARER));
    SwaggerConfiguration config =
        new SwaggerConfiguration()
            .openAPI(api)
            .prettyPrint(true)
            .filterClass(ApiContract.class.getName())
            .readAllResources(true)
            .resourceClasses(RESOURCES.stream().map(Class::getName).collect(Collectors.toSet()));
    OpenApiResource resource = new OpenApiResource();
    resource.setOpenApiConfiguration(config);
    return resource;
  }
}

package io.carillon.server.resources;

import io.swagger.v3.jaxrs2.integration.resources.OpenApiResource;
import io.swagger.v3.oas.integration.SwaggerConfiguration;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
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
          ExecutionsResource.class,
          GroupsResource.class,
          SchedulerResource.class,
          JobTypesResource.class,
          SchedulesResource.class,
          KeysResource.class,
          AuditResource.class);

  private ApiDocument() {}

  public static OpenApiResource resource(String version) {
    OpenAPI api =
        new OpenAPI()
            .info(
                new Info()
                    .title("Carillon")
                    .version(version)
                    .description(
                        "Clustered job server. Errors are application/problem+json with the"
                            + " fields that were wrong."));
    SwaggerConfiguration config =
        new SwaggerConfiguration()
            .openAPI(api)
            .prettyPrint(true)
            .readAllResources(true)
            .resourceClasses(RESOURCES.stream().map(Class::getName).collect(Collectors.toSet()));
    OpenApiResource resource = new OpenApiResource();
    resource.setOpenApiConfiguration(config);
    return resource;
  }
}

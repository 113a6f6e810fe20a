package io.carillon.server.resources;

import com.codahale.metrics.annotation.Timed;
import io.carillon.server.api.KeyCreated;
import io.carillon.server.api.KeyRequest;
import io.carillon.server.api.KeyView;
import io.carillon.server.auth.ApiKeys;
import io.carillon.server.auth.RequestCaller;
import io.carillon.server.auth.Requires;
import io.carillon.server.common.InvalidInputException;
import io.carillon.server.common.Role;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/** {@code /v1/keys}: API keys, for admins. A key is shown once, in the answer that creates it. */
@Path("/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Requires(Role.ADMIN)
public final class KeysResource {
  private final ApiKeys keys;

  public KeysResource(ApiKeys keys) {
    this.keys = keys;
  }

  @GET
  @Timed
  public List<KeyView> list() {
    return keys.list().stream().map(KeyView::of).toList();
  }

  @POST
  @Timed
  @ApiResponse(
      responseCode = "201",
      description = "created; the key is in the answer, and only there",
      content = @Content(schema = @Schema(implementation = KeyCreated.class)))
  public Response create(
      KeyRequest request, @Context UriInfo uri, @Context SecurityContext security) {
    if (request == null) {
      throw new InvalidInputException("body", "a key request {name, role} is required");
    }
    ApiKeys.Created created =
        keys.create(request.name(), request.role(), RequestCaller.of(security), KeyView::of);
    KeyView view = KeyView.of(created.stored());
    return Response.created(uri.getAbsolutePathBuilder().path(view.id()).build())
        .entity(
            new KeyCreated(view.id(), view.name(), view.role(), view.createdAt(), created.key()))
        .build();
  }

  @DELETE
  @Path("/{id}")
  @Timed
  public Response revoke(@PathParam("id") String id, @Context SecurityContext security) {
    keys.revoke(id, RequestCaller.of(security), KeyView::of);
    return Response.noContent().build();
  }
}

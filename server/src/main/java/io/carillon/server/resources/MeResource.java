package io.carillon.server.resources;

import com.codahale.metrics.annotation.Timed;
import io.carillon.server.api.CallerView;
import io.carillon.server.auth.RequestCaller;
import io.carillon.server.auth.Requires;
import io.carillon.server.common.Caller;
import io.carillon.server.common.Role;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/**
 * {@code /v1/me}: who the caller is. The dashboard signs in with it (a wrong key is a 401) and
 * hides what the key's role may not do.
 */
@Path("/v1/me")
@Produces(MediaType.APPLICATION_JSON)
public final class MeResource {
  @GET
  @Timed
  @Requires(Role.VIEWER)
  public CallerView me(@Context SecurityContext security) {
    Caller caller = RequestCaller.of(security);
    return new CallerView(caller.name(), caller.role());
  }
}

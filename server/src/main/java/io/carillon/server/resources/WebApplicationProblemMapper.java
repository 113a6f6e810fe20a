package io.carillon.server.resources;

import io.carillon.server.api.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Locale;

/** Jersey's own refusals (unknown path, wrong method or media type) as problem+json. */
public final class WebApplicationProblemMapper implements ExceptionMapper<WebApplicationException> {
  @Override
  public Response toResponse(WebApplicationException e) {
    Response original = e.getResponse();
    Response.StatusType status = original.getStatusInfo();
    String slug = status.getReasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '-');
    Problem problem =
        Problem.of(status.getStatusCode(), slug, status.getReasonPhrase(), e.getMessage());
    Response.ResponseBuilder response =
        Response.status(status.getStatusCode()).type(Problem.MEDIA_TYPE).entity(problem);
    // A 405 must still say which methods are allowed.
    String allow = original.getHeaderString(HttpHeaders.ALLOW);
    if (allow != null) {
      response.header(HttpHeaders.ALLOW, allow);
    }
    return response.build();
  }
}

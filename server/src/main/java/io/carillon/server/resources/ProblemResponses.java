package io.carillon.server.resources;

import io.carillon.server.api.Problem;
import jakarta.ws.rs.core.Response;

/** Builds the HTTP response for a {@link Problem}: its status and the problem+json media type. */
final class ProblemResponses {
  private ProblemResponses() {}

  static Response of(Problem problem) {
    return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
  }
}

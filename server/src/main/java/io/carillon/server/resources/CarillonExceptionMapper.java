package io.carillon.server.resources;

import io.carillon.server.api.Problem;
import io.carillon.server.common.CarillonException;
import io.carillon.server.common.ConflictException;
import io.carillon.server.common.ForbiddenException;
import io.carillon.server.common.InvalidInputException;
import io.carillon.server.common.NodeLeftClusterException;
import io.carillon.server.common.NotFoundException;
import io.carillon.server.common.PayloadTooLargeException;
import io.carillon.server.common.StaleVersionException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** The one place where Carillon's exception tree becomes HTTP status codes and problem bodies. */
public final class CarillonExceptionMapper implements ExceptionMapper<CarillonException> {
  @Override
  public Response toResponse(CarillonException e) {
    return ProblemResponses.of(problem(e));
  }

  static Problem problem(CarillonException e) {
    if (e instanceof InvalidInputException invalid) {
      return Problem.of(400, "invalid-request", "Invalid request", e.getMessage())
          .withErrors(invalid.errors());
    }
    if (e instanceof ForbiddenException forbidden) {
      return Problem.of(403, "forbidden", "Forbidden", e.getMessage())
          .withErrors(forbidden.errors());
    }
    if (e instanceof NotFoundException) {
      return Problem.of(404, "not-found", "Not found", e.getMessage());
    }
    if (e instanceof ConflictException) {
      return Problem.of(409, "conflict", "Conflict", e.getMessage());
    }
    if (e instanceof PayloadTooLargeException) {
      return Problem.of(413, "payload-too-large", "Payload too large", e.getMessage());
    }
    if (e instanceof StaleVersionException) {
      return Problem.of(412, "stale-version", "Precondition failed", e.getMessage());
    }
    if (e instanceof NodeLeftClusterException) {
      return Problem.of(503, "node-left-cluster", "Node left the cluster", e.getMessage());
    }
    // Anything else is Carillon's fault, not the caller's: log it, show only a reference.
    return UnexpectedProblemMapper.internalError(e);
  }
}

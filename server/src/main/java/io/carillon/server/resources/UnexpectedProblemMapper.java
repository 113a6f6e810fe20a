package io.carillon.server.resources;

import io.carillon.server.api.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last resort: a bug becomes a 500 with a reference to the logged stack trace, nothing more.
 */
public final class UnexpectedProblemMapper implements ExceptionMapper<Throwable> {
  private static final Logger LOG = LoggerFactory.getLogger(UnexpectedProblemMapper.class);

  @Override
  public Response toResponse(Throwable e) {
    return ProblemResponses.of(internalError(e));
  }

  static Problem internalError(Throwable e) {
    String reference = UUID.randomUUID().toString();
    LOG.error("Unexpected failure (reference {})", reference, e);
    return Problem.of(
        500, "internal", "Internal error", "the server failed; reference " + reference);
  }
}

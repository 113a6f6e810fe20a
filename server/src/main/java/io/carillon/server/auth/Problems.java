package io.carillon.server.auth;

import io.carillon.server.api.Problem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** The refusals of authentication and authorisation, as problem+json responses. */
final class Problems {
  private Problems() {}

  static Response unauthorized(String detail) {
    return Response.status(401)
        .type(Problem.MEDIA_TYPE)
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"carillon\"")
        .entity(Problem.of(401, "unauthorized", "Unauthorized", detail))
        .build();
  }

  static Response forbidden(String detail) {
    return Response.status(403)
        .type(Problem.MEDIA_TYPE)
        .entity(Problem.of(403, "forbidden", "Forbidden", detail))
        .build();
  }

  static Response tooManyAttempts(long seconds) {
    return Response.status(429)
        .type(Problem.MEDIA_TYPE)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
        .entity(
            Problem.of(
                429,
                "too-many-requests",
                "Too many requests",
                "too many failed authentications from this address; retry in " + seconds + " s"))
        .build();
  }
}

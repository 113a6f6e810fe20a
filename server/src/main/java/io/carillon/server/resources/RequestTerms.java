package io.carillon.server.resources;

import io.carillon.server.api.BackfillRequest;
import io.carillon.server.api.PauseRequest;
import io.carillon.server.core.BackfillRange;
import io.carillon.server.core.PauseTerms;

/** Maps optional request bodies to what the services take; an absent body asks for the defaults. */
final class RequestTerms {
  private RequestTerms() {}

  static PauseTerms pause(PauseRequest request) {
    return request == null ? PauseTerms.NONE : new PauseTerms(request.reason(), request.until());
  }

  static BackfillRange backfill(BackfillRequest request) {
    return request == null
        ? new BackfillRange(null, null, null)
        : new BackfillRange(request.from(), request.to(), request.maxRuns());
  }
}

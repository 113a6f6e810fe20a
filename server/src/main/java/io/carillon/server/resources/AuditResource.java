package io.carillon.server.resources;

import com.codahale.metrics.annotation.Timed;
import io.carillon.server.api.AuditEntry;
import io.carillon.server.auth.Requires;
import io.carillon.server.common.AuditFilter;
import io.carillon.server.common.Page;
import io.carillon.server.common.Role;
import io.carillon.server.core.AuditLog;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code /v1/audit}: who changed what, newest first, for admins. */
@Path("/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public final class AuditResource {
  private final AuditLog audit;

  public AuditResource(AuditLog audit) {
    this.audit = audit;
  }

  @GET
  @Timed
  @Requires(Role.ADMIN)
  public Page<AuditEntry> list(
      @QueryParam("action") String action,
      @QueryParam("target") String target,
      @QueryParam("since") String since,
      @QueryParam("limit") @DefaultValue("50") String limit,
      @QueryParam("cursor") String cursor) {
    AuditFilter filter =
        new AuditFilter(
            blankToNull(action), blankToNull(target), InstantParameter.parse("since", since));
    Page<AuditLog.Entry> page = audit.page(filter, cursor, LimitParameter.parse(limit));
    return new Page<>(
        page.items().stream()
            .map(
                e ->
                    new AuditEntry(
                        e.id(),
                        e.at(),
                        e.actorId(),
                        e.actorName(),
                        e.action(),
                        e.target(),
                        e.before(),
                        e.after()))
            .toList(),
        page.nextCursor());
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}

package io.carillon.server.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carillon.server.common.AuditFilter;
import io.carillon.server.common.Caller;
import io.carillon.server.common.CarillonException;
import io.carillon.server.common.InvalidInputException;
import io.carillon.server.common.Page;
import io.carillon.server.common.SeqCursor;
import io.carillon.server.db.AuditDao;
import io.carillon.server.db.AuditRow;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** Records every change and manual action, and reads them back newest first. */
public final class AuditLog {
  public static final int MAX_PAGE = 500;

  private final AuditDao audit;
  private final ObjectMapper json;
  private final Clock clock;

  public AuditLog(AuditDao audit, ObjectMapper json, Clock clock) {
    this.audit = audit;
    this.json = json;
    this.clock = clock;
  }

  /**
   * Makes a change and records it as one transaction: the change's writes to Carillon's tables and
   * the entries {@link #record} writes inside it commit together or not at all. A Quartz call made
   * inside runs on Quartz's own connection and commits by itself: make it last, so that a refused
   * call rolls the entry back and a failed entry keeps the call from being made.
   */
  public <T> T atomically(Supplier<T> change) {
    return audit.inTransaction(change);
  }

  /** {@code before}/{@code after}: what the target looked like, as API views; null if none. */
  public void record(Caller actor, String action, String target, Object before, Object after) {
    audit.append(
        new AuditRow(
            0,
            clock.instant(),
            actor.keyId(),
            actor.name(),
            action,
            target,
            text(before),
            text(after)));
  }

  /** One entry read back: who (key id and name) did what to which target, when, and the change. */
  public record Entry(
      long id,
      Instant at,
      String actorId,
      String actorName,
      String action,
      String target,
      JsonNode before,
      JsonNode after) {}

  public Page<Entry> page(AuditFilter filter, String cursor, int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new InvalidInputException("limit", "must be between 1 and " + MAX_PAGE);
    }
    List<AuditRow> rows = audit.page(filter, SeqCursor.decode(cursor), limit + 1);
    boolean more = rows.size() > limit;
    List<AuditRow> page = more ? rows.subList(0, limit) : rows;
    String next = more ? SeqCursor.encode(page.get(page.size() - 1).seq()) : null;
    return new Page<>(page.stream().map(this::entry).toList(), next);
  }

  private Entry entry(AuditRow row) {
    return new Entry(
        row.seq(),
        row.at(),
        row.actorId(),
        row.actorName(),
        row.action(),
        row.target(),
        tree(row.beforeJson()),
        tree(row.afterJson()));
  }

  private String text(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new CarillonException("audit: cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  private JsonNode tree(String text) {
    if (text == null) {
      return null;
    }
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new CarillonException("audit: stored entry is not JSON", e);
    }
  }
}

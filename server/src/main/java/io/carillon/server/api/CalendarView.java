package io.carillon.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.carillon.server.core.definition.CalendarSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A calendar as the API shows it: its name, its definition and, in the view of one calendar, the
 * jobs that name it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CalendarView(
    String name,
    CalendarSpec calendar,
    @Schema(
            description =
                "the jobs whose definition names it (group/name, in order, the first 100); in the"
                    + " view of one calendar only, not in the list; GET /jobs?calendar= pages"
                    + " through them all")
        List<String> jobs) {
  public CalendarView(String name, CalendarSpec calendar) {
    this(name, calendar, null);
  }
}

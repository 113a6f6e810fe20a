package io.carillon.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.server.CarillonConfiguration;
import io.carillon.server.testing.ApiApp;
import io.carillon.server.testing.ApiClient;
import io.carillon.server.testing.ApiClient.Reply;
import io.carillon.server.testing.PostgresDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A change and its audit entry are one transaction: when the entry cannot be written (a trigger in
 * the database refuses it here) the change is not made, and a change refused leaves no entry. Each
 * entry is in the table by the time the call has answered.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AuditedChangesIT {
  @RegisterExtension
  static final PostgresDatabase DB = PostgresDatabase.create(AuditedChangesIT.class);

  static final DropwizardAppExtension<CarillonConfiguration> APP = ApiApp.on(DB);

  private final ApiClient admin = ApiApp.client(APP);

  @BeforeAll
  static void entries_of_listed_actions_can_be_refused() {
    DB.execute("CREATE TABLE refused_action (action VARCHAR(100) PRIMARY KEY)");
    DB.execute(
        "CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            + " IF EXISTS (SELECT 1 FROM refused_action WHERE action = NEW.action) THEN"
            + " RAISE EXCEPTION 'audit entry % refused by the test', NEW.action; END IF;"
            + " RETURN NEW; END $$");
    DB.execute(
        "CREATE TRIGGER refuse_audit BEFORE INSERT ON carillon_audit"
            + " FOR EACH ROW EXECUTE FUNCTION refuse_audit()");
  }

  @AfterEach
  void entries_are_accepted_again() {
    DB.execute("DELETE FROM refused_action");
  }

  @Test
  void a_key_whose_entry_cannot_be_written_is_not_created() {
    refuse("key.create");

    Reply created = admin.post("/keys", "{\"name\":\"unaudited\",\"role\":\"viewer\"}");

    assertThat(created.status()).as(created.text()).isEqualTo(500);
    assertThat(DB.number("SELECT count(*) FROM carillon_api_key WHERE name = 'unaudited'"))
        .isZero();
  }

  @Test
  void a_key_whose_revocation_cannot_be_audited_stays_valid() {
    Reply created = admin.post("/keys", "{\"name\":\"kept\",\"role\":\"viewer\"}");
    String id = created.json().path("id").asText();
    assertThat(entries("key.create", "key:" + id)).isEqualTo(1);
    refuse("key.revoke");

    assertThat(admin.delete("/keys/" + id).status()).isEqualTo(500);

    assertThat(
            DB.number(
                "SELECT count(*) FROM carillon_api_key WHERE id = ? AND revoked_at IS NULL", id))
        .isEqualTo(1);
    assertThat(admin.withKey(created.json().path("key").asText()).get("/jobs").status())
        .isEqualTo(200);
  }

  @Test
  void a_group_pause_that_cannot_be_audited_pauses_no_job() {
    createJob("grp", "a", "");
    createJob("grp", "b", "");
    refuse("group.pause");

    assertThat(admin.post("/groups/grp/pause", "{\"reason\":\"x\"}").status()).isEqualTo(500);

    assertThat(DB.number("SELECT count(*) FROM carillon_job WHERE job_group = 'grp' AND enabled"))
        .isEqualTo(2);
    assertThat(DB.number("SELECT count(*) FROM carillon_pause WHERE job_group = 'grp'")).isZero();
    assertThat(
            DB.number(
                "SELECT count(*) FROM qrtz_triggers WHERE job_group = 'grp'"
                    + " AND trigger_state LIKE 'PAUSED%'"))
        .isZero();

    entries_are_accepted_again();
    assertThat(admin.post("/groups/grp/pause", "{\"reason\":\"x\"}").status()).isEqualTo(200);
    assertThat(entries("group.pause", "group:grp")).isEqualTo(1);
    assertThat(DB.number("SELECT count(*) FROM carillon_pause WHERE job_group = 'grp'"))
        .isEqualTo(1);
  }

  @Test
  void a_pause_all_that_cannot_be_audited_pauses_nothing() {
    refuse("scheduler.pause-all");

    assertThat(admin.post("/scheduler/pause-all", "{\"reason\":\"x\"}").status()).isEqualTo(500);

    assertThat(DB.number("SELECT count(*) FROM carillon_pause WHERE scope = 'cluster'")).isZero();
    assertThat(DB.number("SELECT count(*) FROM qrtz_paused_trigger_grps")).isZero();
  }

  @Test
  void a_calendar_that_cannot_be_audited_is_not_stored_and_a_refused_delete_leaves_no_entry() {
    refuse("calendar.put");
    assertThat(admin.put("/calendars/unaudited", "{\"excludeDates\":[\"2030-01-01\"]}").status())
        .isEqualTo(500);
    assertThat(admin.get("/calendars/unaudited").status()).isEqualTo(404);
    entries_are_accepted_again();

    assertThat(admin.put("/calendars/named", "{\"excludeDates\":[\"2030-01-01\"]}").status())
        .isEqualTo(200);
    assertThat(entries("calendar.put", "calendar:named")).isEqualTo(1);
    createJob("cal", "daily", ",\"calendar\":\"named\",\"schedule\":{\"cron\":\"0 0 8 * * ?\"}");

    // Quartz refuses to delete a calendar a trigger names: the entry written before is undone.
    assertThat(admin.delete("/calendars/named").status()).isEqualTo(409);
    assertThat(entries("calendar.delete", "calendar:named")).isZero();
  }

  @Test
  void a_run_that_cannot_be_audited_is_not_started() {
    createJob("runs", "now", "");
    refuse("job.run");

    assertThat(admin.post("/jobs/runs/now/run", "{}").status()).isEqualTo(500);

    assertThat(DB.number("SELECT count(*) FROM carillon_run_request WHERE job_name = 'now'"))
        .isZero();
    assertThat(DB.number("SELECT count(*) FROM qrtz_triggers WHERE job_group = 'runs'"))
        .as("no one-shot trigger beside the job's own (it has no schedule)")
        .isZero();
  }

  @Test
  void a_backfill_that_cannot_be_audited_is_not_started() {
    createJob("fill", "hourly", ",\"schedule\":{\"cron\":\"0 0 * * * ?\"}");
    refuse("job.backfill");

    Reply started =
        admin.post(
            "/jobs/fill/hourly/backfill",
            "{\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-01T03:00:00Z\"}");

    assertThat(started.status()).as(started.text()).isEqualTo(500);
    assertThat(DB.number("SELECT count(*) FROM carillon_backfill WHERE job_name = 'hourly'"))
        .isZero();
  }

  private void createJob(String group, String name, String more) {
    Reply created =
        admin.post(
            "/jobs",
            "{\"group\":\""
                + group
                + "\",\"name\":\""
                + name
                + "\",\"type\":\"noop\""
                + more
                + "}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
  }

  private static void refuse(String action) {
    DB.execute("INSERT INTO refused_action (action) VALUES (?)", action);
  }

  private static long entries(String action, String target) {
    return DB.number(
        "SELECT count(*) FROM carillon_audit WHERE action = ? AND target = ?", action, target);
  }
}

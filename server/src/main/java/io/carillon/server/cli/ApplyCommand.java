package io.carillon.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carillon.server.cli.client.ClientException;
import io.carillon.server.cli.client.ExitCode;
import io.carillon.server.cli.client.Printer;
import io.carillon.server.cli.client.RemoteApi;
import io.carillon.server.cli.client.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code apply -f FILE}: makes the server's jobs what the file declares, as {@code kubectl apply}
 * does: creates the missing, updates the changed, leaves the rest; {@code --prune} deletes the jobs
 * the file does not list (API-managed ones, within the --group/--label scope).
 */
final class ApplyCommand extends ClientCommand {
  ApplyCommand() {
    super("apply", "Creates or updates the jobs a YAML or JSON file declares (kubectl apply)");
  }

  @Override
  public void configure(Subparser subparser) {
    subparser
        .addArgument("-f", "--file")
        .required(true)
        .help(
            "a file such as 'carillon export' prints: {jobs: [...]}, a list, or one job; - for stdin");
    subparser
        .addArgument("--dry-run")
        .action(Arguments.storeTrue())
        .help("change nothing; print what would change, field by field");
    subparser
        .addArgument("--prune")
        .action(Arguments.storeTrue())
        .help("also delete API-managed jobs that the file does not list (within --group/--label)");
    subparser.addArgument("--group").help("with --prune: only jobs of this group are pruned");
    subparser
        .addArgument("--label")
        .action(Arguments.append())
        .help("with --prune: only jobs with this KEY:VALUE label are pruned; may repeat");
    connectionOptions(subparser);
  }

  @Override
  void run(Namespace namespace, RemoteApi api, Printer out) {
    JsonNode document = InputFile.read(namespace.getString("file"));
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    if (document.isArray()) {
      body.set("jobs", document);
    } else if (document.isObject() && document.has("jobs")) {
      body.set("jobs", document.get("jobs"));
    } else if (document.isObject()) {
      body.putArray("jobs").add(document);
    } else {
      throw new ClientException(ExitCode.USAGE, "the file holds no job: expected {jobs: [...]}");
    }
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("dryRun", namespace.getBoolean("dry_run") ? "true" : null);
    query.put("prune", namespace.getBoolean("prune") ? "true" : null);
    query.put("group", namespace.getString("group"));
    query.put("label", namespace.getList("label"));
    JsonNode result = api.post(RemoteApi.query("/v1/jobs/apply", query), body).json();
    out.print(result, () -> table(result));
  }

  private static Table table(JsonNode result) {
    Table table =
        new Table("JOB", result.path("dryRun").asBoolean() ? "WOULD BE" : "ACTION", "CHANGES");
    for (JsonNode change : result.path("changes")) {
      StringBuilder fields = new StringBuilder();
      // A created or deleted job's diff is the whole job: -o json shows it, the table does not.
      boolean update = "update".equals(change.path("action").asText());
      for (JsonNode diff : update ? change.path("diff") : JsonNodeFactory.instance.arrayNode()) {
        if (fields.length() > 0) {
          fields.append("; ");
        }
        fields
            .append(diff.path("field").asText())
            .append(": ")
            .append(diff.path("before").isMissingNode() ? "-" : diff.path("before").toString())
            .append(" -> ")
            .append(diff.path("after").isMissingNode() ? "-" : diff.path("after").toString());
      }
      table.row(change.path("job"), change.path("action"), fields.toString());
    }
    return table;
  }
}

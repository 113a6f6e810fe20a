package io.carillon.server.cli;

import io.carillon.server.cli.client.Printer;
import io.carillon.server.cli.client.RemoteApi;
import java.util.LinkedHashMap;
import java.util.Map;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code export}: job definitions as {@code apply -f} and config.yml's {@code jobs:} take them, in
 * YAML (the default) or JSON.
 */
final class ExportCommand extends ClientCommand {
  ExportCommand() {
    super(
        "export", "Prints job definitions (YAML, or JSON with -o json) for apply -f or config.yml");
  }

  @Override
  public void configure(Subparser subparser) {
    subparser.addArgument("--group").help("only this group");
    subparser.addArgument("--type").help("only this job type");
    subparser.addArgument("--label").action(Arguments.append()).help("KEY:VALUE; may repeat");
    subparser.addArgument("-q", "--query").dest("q").help("text in the name or description");
    connectionOptions(subparser);
  }

  @Override
  void run(Namespace namespace, RemoteApi api, Printer out) {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("group", namespace.getString("group"));
    query.put("type", namespace.getString("type"));
    query.put("label", namespace.getList("label"));
    query.put("q", namespace.getString("q"));
    // A table of definitions would lose them; YAML is the form people read and edit.
    out.data(api.get(RemoteApi.query("/v1/jobs/export", query)));
  }
}

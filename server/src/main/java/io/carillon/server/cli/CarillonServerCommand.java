package io.carillon.server.cli;

import io.carillon.server.CarillonConfiguration;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Bootstrap;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * Dropwizard's {@code server} command, with start-up problems reported as one line: ports are
 * checked before Jetty tries them (Jetty would log a stack trace), and known failures print
 * plainly.
 */
public final class CarillonServerCommand extends ServerCommand<CarillonConfiguration> {
  public CarillonServerCommand(Application<CarillonConfiguration> application) {
    super(application);
  }

  /** Ports are checked before anything else starts, so a busy port fails fast and plainly. */
  @Override
  protected void run(
      Bootstrap<CarillonConfiguration> bootstrap, Namespace namespace, CarillonConfiguration config)
      throws Exception {
    FreePorts.verify(config.getServerFactory());
    String file = namespace.getString("file");
    if (file != null) {
      config.setConfigFile(file);
    }
    super.run(bootstrap, namespace, config);
  }

  @Override
  public void onError(Cli cli, Namespace namespace, Throwable error) {
    OneLineErrors.print(cli.getStdErr(), error);
  }
}

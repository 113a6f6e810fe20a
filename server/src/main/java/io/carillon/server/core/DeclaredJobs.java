package io.carillon.server.core;

import io.carillon.server.common.ConflictException;
import io.carillon.server.common.Source;
import io.carillon.server.common.StoredJob;

/**
 * The rule for jobs declared in config.yml: the file owns them, so the API may pause, resume and
 * run them but not change or delete them (409 naming the file). Their definition changes only when
 * the file does, at the next start, which logs and audits what changed (see {@link ConfigJobs}).
 */
public final class DeclaredJobs {
  private final String file;

  /** {@code file}: the configuration file the server started with, as the operator named it. */
  public DeclaredJobs(String file) {
    this.file = file;
  }

  public String file() {
    return file;
  }

  /** Refuses an API change to a job that the configuration file declares. */
  public void requireApiManaged(StoredJob job) {
    if (Source.CONFIG.json().equals(job.source())) {
      throw new ConflictException(
          "job "
              + job.group()
              + "/"
              + job.name()
              + " is declared in "
              + file
              + " (jobs:): change it there; the API may only pause, resume and run it");
    }
  }
}

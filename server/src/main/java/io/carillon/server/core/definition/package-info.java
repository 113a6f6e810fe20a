/**
 * The job and calendar definition documents: the form a job is sent in over the API, declared in
 * {@code config.yml}, applied from the command line, exported as YAML and stored in {@code
 * carillon_job.definition}. They live below the API because the store and the services read them
 * too; their names are also their OpenAPI schema names.
 */
package io.carillon.server.core.definition;

package io.carillon.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.server.cli.client.ClientException;
import io.carillon.server.cli.client.ExitCode;
import io.carillon.server.cli.client.Printer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A {@code -f FILE} option's document, YAML or JSON, {@code -} for stdin; one line if it fails. */
final class InputFile {
  private InputFile() {}

  static JsonNode read(String file) {
    try {
      String text =
          file.equals("-")
              ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
              : Files.readString(Path.of(file));
      JsonNode node = Printer.readYaml(text);
      if (node == null || node.isMissingNode()) {
        throw new ClientException(ExitCode.USAGE, file + " is empty");
      }
      return node;
    } catch (java.nio.file.NoSuchFileException e) {
      throw new ClientException(ExitCode.USAGE, "no such file: " + file);
    } catch (IOException e) {
      throw new ClientException(
          ExitCode.USAGE,
          "cannot read " + file + ": " + e.getMessage().lines().findFirst().orElse(""));
    }
  }
}

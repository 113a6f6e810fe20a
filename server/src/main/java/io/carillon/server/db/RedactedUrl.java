package io.carillon.server.db;

import java.util.regex.Pattern;

/** A JDBC URL safe to log or print: any password given inside it is replaced. */
final class RedactedUrl {
  private static final Pattern PASSWORD =
      Pattern.compile("(?i)(password=)[^&;]*|(//[^/@:]+:)[^/@]*(@)");

  private RedactedUrl() {}

  static String of(String url) {
    if (url == null) {
      return "";
    }
    return PASSWORD
        .matcher(url)
        .replaceAll(
            match ->
                match.group(1) != null
                    ? match.group(1) + "***"
                    : match.group(2) + "***" + match.group(3));
  }
}

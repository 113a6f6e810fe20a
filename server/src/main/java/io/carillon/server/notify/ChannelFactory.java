package io.carillon.server.notify;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One entry of {@code notifications.channels}: a name jobs refer to, a type, and where it goes — a
 * URL for {@code webhook} and {@code slack}, addresses for {@code email}.
 */
public class ChannelFactory {
  /** The kinds of channel. */
  public enum Type {
    WEBHOOK,
    SLACK,
    EMAIL;

    /** As written in the configuration and in metric names. */
    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  @NotNull
  @Pattern(regexp = "[A-Za-z0-9._-]{1,100}", message = "must be 1-100 of A-Z a-z 0-9 . _ -")
  private String name;

  @NotNull private Type type;

  /** Empty: the channel is declared (jobs may name it) but sends nothing, e.g. an unset env var. */
  private String url = "";

  @NotNull
  @Size(max = 50)
  private List<@NotNull String> to = new ArrayList<>();

  @JsonProperty
  public String getName() {
    return name;
  }

  @JsonProperty
  public void setName(String name) {
    this.name = name;
  }

  @JsonProperty
  public Type getType() {
    return type;
  }

  @JsonProperty
  public void setType(Type type) {
    this.type = type;
  }

  /** Write-only: a webhook URL often is a secret (Slack's are), so it is never serialised back. */
  @JsonProperty
  public void setUrl(String url) {
    this.url = url == null ? "" : url.trim();
  }

  String url() {
    return url;
  }

  @JsonProperty
  public List<String> getTo() {
    return to;
  }

  @JsonProperty
  public void setTo(List<String> to) {
    this.to = to == null ? new ArrayList<>() : to;
  }

  @ValidationMethod(message = "a channel's url must be an absolute http or https URL")
  public boolean isUrlValid() {
    if (url.isEmpty()) {
      return true;
    }
    try {
      URI uri = URI.create(url);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @ValidationMethod(message = "an email channel needs at least one address in 'to'")
  public boolean isEmailAddressed() {
    return type != Type.EMAIL || !to.isEmpty();
  }

  /** The URL, or null when none is set. */
  URI uri() {
    return url.isEmpty() ? null : URI.create(url);
  }
}

package io.carillon.server.notify;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carillon.jobs.SmtpSettings;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code notifications:} — the channels jobs may notify, and how hard delivery tries. */
public class NotificationsFactory {
  @Valid @NotNull private List<ChannelFactory> channels = new ArrayList<>();

  @Min(1)
  @Max(10)
  private int attempts = 3;

  @MinDuration(value = 0, unit = TimeUnit.MILLISECONDS)
  @MaxDuration(value = 5, unit = TimeUnit.MINUTES)
  private Duration backoff = Duration.seconds(1);

  @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
  @MaxDuration(value = 1, unit = TimeUnit.MINUTES)
  private Duration timeout = Duration.seconds(5);

  /** Builds the notifier; e-mail goes through {@code smtp} (the server's {@code jobTypes.smtp}). */
  public Notifier build(SmtpSettings smtp, MetricRegistry metrics, ObjectMapper json) {
    java.time.Duration wait = java.time.Duration.ofMillis(timeout.toMilliseconds());
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(wait)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    SmtpSettings mail =
        new SmtpSettings(
            smtp.host(),
            smtp.port(),
            smtp.from(),
            smtp.username(),
            smtp.password(),
            smtp.security(),
            wait);
    Map<String, Channel> built = new LinkedHashMap<>();
    for (ChannelFactory channel : channels) {
      built.put(
          channel.getName(),
          switch (channel.getType()) {
            case WEBHOOK ->
                WebhookChannel.generic(channel.getName(), channel.uri(), wait, http, json);
            case SLACK -> WebhookChannel.slack(channel.getName(), channel.uri(), wait, http, json);
            case EMAIL -> new EmailChannel(channel.getName(), channel.getTo(), mail);
          });
    }
    return new Notifier(
        built, attempts, java.time.Duration.ofMillis(backoff.toMilliseconds()), metrics);
  }

  @ValidationMethod(message = "notification channel names must be unique")
  public boolean isEachNameUnique() {
    var seen = new HashSet<String>();
    return channels.stream().allMatch(c -> c.getName() == null || seen.add(c.getName()));
  }

  @JsonProperty
  public List<ChannelFactory> getChannels() {
    return channels;
  }

  @JsonProperty
  public void setChannels(List<ChannelFactory> channels) {
    this.channels = channels == null ? new ArrayList<>() : channels;
  }

  @JsonProperty
  public int getAttempts() {
    return attempts;
  }

  @JsonProperty
  public void setAttempts(int attempts) {
    this.attempts = attempts;
  }

  @JsonProperty
  public Duration getBackoff() {
    return backoff;
  }

  @JsonProperty
  public void setBackoff(Duration backoff) {
    this.backoff = backoff;
  }

  @JsonProperty
  public Duration getTimeout() {
    return timeout;
  }

  @JsonProperty
  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }
}

package io.carillon.server.core.schedule;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.CRC32;

/**
 * A job's stable jitter offset (issue 18 §7): whole seconds in {@code [0, jitter)}, from a hash of
 * its group and name, so a herd of {@code 0 0 * * *} jobs spreads over the jitter while each one
 * keeps the same time every day, on every node, across restarts.
 */
public final class Jitter {
  public static final Duration MIN = Duration.ofSeconds(2);
  public static final Duration MAX = Duration.ofHours(24);

  private Jitter() {}

  public static Duration offset(String group, String name, Duration jitter) {
    if (jitter == null || jitter.getSeconds() < 1) {
      return Duration.ZERO;
    }
    CRC32 crc = new CRC32();
    crc.update((group + "/" + name).getBytes(StandardCharsets.UTF_8));
    return Duration.ofSeconds(Math.floorMod(crc.getValue(), jitter.getSeconds()));
  }
}

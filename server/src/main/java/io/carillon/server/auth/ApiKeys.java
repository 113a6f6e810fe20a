package io.carillon.server.auth;

import io.carillon.server.common.Caller;
import io.carillon.server.common.ConflictException;
import io.carillon.server.common.InvalidInputException;
import io.carillon.server.common.NotFoundException;
import io.carillon.server.common.Role;
import io.carillon.server.common.StartupException;
import io.carillon.server.common.StoredKey;
import io.carillon.server.core.AuditLog;
import io.carillon.server.db.ApiKeyDao;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * API keys: made from 256 random bits, stored only as their SHA-256, checked in constant time. The
 * key itself exists only in the answer to whoever created it.
 */
public final class ApiKeys {
  /** Keys given in the configuration must be at least this long to be worth anything. */
  public static final int MIN_CONFIGURED_KEY_LENGTH = 24;

  private static final String PREFIX = "crl_";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._@-]{0,99}");
  private static final Duration TOUCH_GRANULARITY = Duration.ofMinutes(1);

  private final ApiKeyDao keys;
  private final AuditLog audit;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public ApiKeys(ApiKeyDao keys, AuditLog audit, Clock clock) {
    this.keys = keys;
    this.audit = audit;
    this.clock = clock;
  }

  /** A key just made: its stored metadata and the key itself, which is not kept anywhere. */
  public record Created(StoredKey stored, String key) {}

  /**
   * Makes a key for {@code by}; the key and its audit entry (the key as {@code shown}, never the
   * key itself) are one transaction.
   */
  public Created create(String name, Role role, Caller by, Function<StoredKey, Object> shown) {
    return audit.atomically(
        () -> {
          Created created = create(name, role, "api");
          audit.record(
              by,
              "key.create",
              "key:" + created.stored().id(),
              null,
              shown.apply(created.stored()));
          return created;
        });
  }

  private Created create(String name, Role role, String source) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidInputException(
          "name", "must be 1 to 100 letters, digits, spaces or . _ @ - (starting with a letter)");
    }
    if (role == null) {
      throw new InvalidInputException("role", "must be one of viewer, operator, admin");
    }
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    return new Created(store(name, role, key, source), key);
  }

  /** The caller a presented key stands for, if the key is known and not revoked. */
  public Optional<Caller> authenticate(String presented) {
    if (presented == null || presented.isBlank() || presented.length() > 512) {
      return Optional.empty();
    }
    String hash = hash(presented);
    Optional<StoredKey> found = keys.findByHash(hash);
    if (found.isEmpty()
        || found.get().revoked()
        || !MessageDigest.isEqual(
            found.get().keyHash().getBytes(StandardCharsets.US_ASCII),
            hash.getBytes(StandardCharsets.US_ASCII))) {
      return Optional.empty();
    }
    StoredKey key = found.get();
    Role role = Role.parse(key.role());
    if (role == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Instant stale = now.minus(TOUCH_GRANULARITY);
    // Read just now: a key used within the granularity needs no write (one round trip a request).
    if (key.lastUsedAt() == null || key.lastUsedAt().isBefore(stale)) {
      keys.touch(key.id(), now, stale);
    }
    return Optional.of(new Caller(key.id(), key.name(), role));
  }

  public List<StoredKey> list() {
    return keys.list();
  }

  public Optional<StoredKey> find(String id) {
    return keys.find(id);
  }

  /**
   * Revokes a key; the last key that can still manage keys cannot be revoked. The revocation and
   * its audit entry (the key {@code shown} before and after) are one transaction, which first locks
   * the active admin keys: of two admins revoking each other at once, the second waits for the
   * first, then counts one admin left and is refused.
   */
  public StoredKey revoke(String id, Caller by, Function<StoredKey, Object> shown) {
    return audit.atomically(
        () -> {
          List<StoredKey> admins = keys.lockActive(Role.ADMIN.wireName());
          StoredKey key =
              keys.find(id).orElseThrow(() -> new NotFoundException("no API key " + id));
          if (!key.revoked() && Role.ADMIN.wireName().equals(key.role()) && admins.size() <= 1) {
            throw new ConflictException(
                "key " + id + " is the last active admin key; create another admin key first");
          }
          keys.revoke(id, clock.instant());
          // Read in the transaction: the entry shows the key as the revocation leaves it.
          StoredKey revoked = keys.find(id).orElseThrow();
          audit.record(by, "key.revoke", "key:" + id, shown.apply(key), shown.apply(revoked));
          return revoked;
        });
  }

  /** Refuses (a {@link StartupException}) a configured key too short to be a secret. */
  public static void requireLongEnough(String name, String key) {
    if (key.length() < MIN_CONFIGURED_KEY_LENGTH) {
      throw new StartupException(
          "auth.keys: the key named '"
              + name
              + "' is shorter than "
              + MIN_CONFIGURED_KEY_LENGTH
              + " characters; use a long random value such as `openssl rand -hex 32`");
    }
  }

  /**
   * Stores a key given in the configuration unless a key with the same hash exists already (also
   * when it was revoked: a revoked key stays revoked). The key and its audit entry by {@code by}
   * (the key as {@code shown}, never the key itself) are one transaction. Call it under a cluster
   * lock.
   */
  public boolean seed(
      String name, Role role, String key, Caller by, Function<StoredKey, Object> shown) {
    requireLongEnough(name, key);
    return audit.atomically(
        () -> {
          if (keys.findByHash(hash(key)).isPresent()) {
            return false;
          }
          StoredKey stored = store(name, role, key, "config");
          audit.record(by, "key.create", "key:" + stored.id(), null, shown.apply(stored));
          return true;
        });
  }

  /**
   * On a store with no key at all, makes the first admin key and returns it (to be printed once);
   * the key and its audit entry by {@code by} are one transaction, as in {@link #seed}. Call it
   * under a cluster lock, so that replicas starting together make one key between them.
   */
  public Optional<String> firstStart(Caller by, Function<StoredKey, Object> shown) {
    return audit.atomically(
        () -> {
          if (keys.count() > 0) {
            return Optional.empty();
          }
          Created created = create("first-admin", Role.ADMIN, "first-start");
          audit.record(
              by,
              "key.create",
              "key:" + created.stored().id(),
              null,
              shown.apply(created.stored()));
          return Optional.of(created.key());
        });
  }

  private StoredKey store(String name, Role role, String key, String source) {
    byte[] id = new byte[8];
    random.nextBytes(id);
    StoredKey stored =
        new StoredKey(
            HexFormat.of().formatHex(id),
            name,
            role.wireName(),
            hash(key),
            source,
            clock.instant(),
            null,
            null);
    keys.insert(stored);
    return stored;
  }

  static String hash(String key) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}

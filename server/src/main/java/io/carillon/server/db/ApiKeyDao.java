package io.carillon.server.db;

import io.carillon.server.common.StoredKey;
import io.carillon.server.jdbc.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * SQL for {@code carillon_api_key}, within one cluster (sched_name). Each statement joins the
 * transaction open on the thread, if any, so a key and its audit entry are written together; the
 * lookup and the use stamp of every request run alone in autocommit otherwise.
 */
public final class ApiKeyDao {
  private static final String COLUMNS =
      "id, name, role, key_hash, source, created_at, last_used_at, revoked_at";

  private final Transactions transactions;
  private final String cluster;

  public ApiKeyDao(DataSource dataSource, String cluster) {
    this.transactions = new Transactions(dataSource, "API key store");
    this.cluster = cluster;
  }

  public void insert(StoredKey key) {
    String sql =
        "INSERT INTO carillon_api_key (sched_name, "
            + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    transactions.joining(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, cluster);
            statement.setString(2, key.id());
            statement.setString(3, key.name());
            statement.setString(4, key.role());
            statement.setString(5, key.keyHash());
            statement.setString(6, key.source());
            statement.setObject(7, Transactions.utc(key.createdAt()));
            statement.setObject(8, Transactions.utc(key.lastUsedAt()));
            statement.setObject(9, Transactions.utc(key.revokedAt()));
            return statement.executeUpdate();
          }
        });
  }

  public Optional<StoredKey> findByHash(String keyHash) {
    return one("key_hash = ?", keyHash);
  }

  public Optional<StoredKey> find(String id) {
    return one("id = ?", id);
  }

  /** Every key, revoked ones included, oldest first. */
  public List<StoredKey> list() {
    String sql =
        "SELECT " + COLUMNS + " FROM carillon_api_key WHERE sched_name = ? ORDER BY created_at, id";
    return transactions.joining(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, cluster);
            return read(statement);
          }
        });
  }

  /**
   * The keys of {@code role} not revoked, each row locked until the transaction open on the thread
   * ends: a change that must leave one of them (revoking the last admin key) decides on rows no
   * concurrent change can revoke meanwhile. Locked in id order, so two such changes never deadlock;
   * the second waits for the first and then sees the keys as the first left them.
   */
  public List<StoredKey> lockActive(String role) {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM carillon_api_key WHERE sched_name = ? AND role = ? AND revoked_at IS NULL"
            + " ORDER BY id FOR UPDATE";
    return transactions.joining(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, cluster);
            statement.setString(2, role);
            return read(statement);
          }
        });
  }

  /** How many keys exist at all, revoked ones included. */
  public long count() {
    return transactions.joining(
        connection -> {
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT COUNT(*) FROM carillon_api_key WHERE sched_name = ?")) {
            statement.setString(1, cluster);
            try (ResultSet rows = statement.executeQuery()) {
              rows.next();
              return rows.getLong(1);
            }
          }
        });
  }

  /** Marks a key revoked; false if there is no such key or it was revoked already. */
  public boolean revoke(String id, Instant now) {
    return update(
        "UPDATE carillon_api_key SET revoked_at = ?"
            + " WHERE sched_name = ? AND id = ? AND revoked_at IS NULL",
        now,
        id);
  }

  /**
   * Records a use of the key, only when the stored time is older than {@code notAfter}, so that
   * reading the API does not turn every request into a write.
   */
  public void touch(String id, Instant now, Instant notAfter) {
    String sql =
        "UPDATE carillon_api_key SET last_used_at = ? WHERE sched_name = ? AND id = ?"
            + " AND (last_used_at IS NULL OR last_used_at < ?)";
    transactions.single(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, Transactions.utc(now));
            statement.setString(2, cluster);
            statement.setString(3, id);
            statement.setObject(4, Transactions.utc(notAfter));
            return statement.executeUpdate();
          }
        });
  }

  private boolean update(String sql, Instant now, String id) {
    return transactions.joining(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, Transactions.utc(now));
            statement.setString(2, cluster);
            statement.setString(3, id);
            return statement.executeUpdate() > 0;
          }
        });
  }

  private Optional<StoredKey> one(String condition, String value) {
    String sql =
        "SELECT " + COLUMNS + " FROM carillon_api_key WHERE sched_name = ? AND " + condition;
    return transactions.single(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, cluster);
            statement.setString(2, value);
            return read(statement).stream().findFirst();
          }
        });
  }

  private static List<StoredKey> read(PreparedStatement statement) throws SQLException {
    List<StoredKey> keys = new ArrayList<>();
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        keys.add(
            new StoredKey(
                rows.getString("id"),
                rows.getString("name"),
                rows.getString("role"),
                rows.getString("key_hash"),
                rows.getString("source"),
                Transactions.instant(rows, "created_at"),
                Transactions.instant(rows, "last_used_at"),
                Transactions.instant(rows, "revoked_at")));
      }
    }
    return keys;
  }
}

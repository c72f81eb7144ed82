package dev.medic.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A throwaway PostgreSQL schema or MariaDB database with a random name, so tests of SQL checks and
 * actions never see each other's tables. Dropped on close.
 */
public final class SqlScratch implements AutoCloseable {

  private final String adminUrl;
  private final String user;
  private final String name;
  private final String url;
  private final String drop;

  private SqlScratch(String adminUrl, String user, String name, String url, String create, String drop)
      throws SQLException {
    this.adminUrl = adminUrl;
    this.user = user;
    this.name = name;
    this.url = url;
    this.drop = drop;
    try (Connection c = DriverManager.getConnection(adminUrl, user, null); Statement s = c.createStatement()) {
      s.execute(create);
    }
  }

  /** A schema in the test database; {@link #url()} makes it the search path. */
  public static SqlScratch postgres() throws SQLException {
    String name = "medic_sql_" + suffix();
    return new SqlScratch(RealServices.POSTGRES_URL, RealServices.POSTGRES_USER, name,
        RealServices.POSTGRES_URL + "?currentSchema=" + name,
        "CREATE SCHEMA " + name, "DROP SCHEMA IF EXISTS " + name + " CASCADE");
  }

  /** A database of its own; {@link #url()} points at it. */
  public static SqlScratch mariadb() throws SQLException {
    String name = "medic_sql_" + suffix();
    return new SqlScratch(RealServices.MARIADB_URL, RealServices.MARIADB_USER, name,
        "jdbc:mariadb://127.0.0.1:3306/" + name,
        "CREATE DATABASE " + name, "DROP DATABASE IF EXISTS " + name);
  }

  private static String suffix() {
    return Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  }

  public String name() {
    return name;
  }

  /** The URL medic is given: it lands in this schema or database. */
  public String url() {
    return url;
  }

  public String user() {
    return user;
  }

  /** A new connection into the scratch schema or database, auto-commit on. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, null);
  }

  public void exec(String... statements) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  public long count(String query) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public void close() throws SQLException {
    try (Connection c = DriverManager.getConnection(adminUrl, user, null); Statement s = c.createStatement()) {
      s.execute(drop);
    }
  }
}

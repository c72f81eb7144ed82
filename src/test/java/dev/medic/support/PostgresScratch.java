package dev.medic.support;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A throw-away database on the real PostgreSQL (and the roles a test creates), with a random suffix
 * so that tests never collide with each other or with anything else on the server. Closing it
 * closes every connection it opened and drops the database and the roles.
 */
public final class PostgresScratch implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();

  public final String database;
  public final String url;
  private final String suffix;
  private final List<Connection> connections = new ArrayList<>();
  private final List<String> roles = new ArrayList<>();
  private final java.util.Map<Connection, Integer> pids = new java.util.concurrent.ConcurrentHashMap<>();
  private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

  private PostgresScratch(String suffix) {
    this.suffix = suffix;
    this.database = "medic_pg_" + suffix;
    this.url = "jdbc:postgresql://127.0.0.1:5432/" + database;
  }

  public static PostgresScratch create() throws SQLException {
    PostgresScratch s = new PostgresScratch(Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36));
    try (Connection c = server(); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + s.database);
    }
    return s;
  }

  /** As postgres (superuser) to the shared {@code test} database. */
  public static Connection server() throws SQLException {
    return DriverManager.getConnection(RealServices.POSTGRES_URL, RealServices.POSTGRES_USER, null);
  }

  /** A new LOGIN role, e.g. {@code role("app", "CONNECTION LIMIT 3")}; returns its name. */
  public String role(String prefix, String options) throws SQLException {
    String name = prefix + "_" + suffix;
    try (Connection c = server(); Statement st = c.createStatement()) {
      st.execute("CREATE ROLE " + name + " LOGIN " + options);
      roles.add(name);
    }
    sql("GRANT ALL ON SCHEMA public TO " + name);
    sql("GRANT ALL ON ALL TABLES IN SCHEMA public TO " + name,
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO " + name);
    return name;
  }

  /** medic's own role as the docs set it up: no superuser, only pg_monitor and pg_signal_backend. */
  public String medicRole() throws SQLException {
    String medic = role("medic", "NOSUPERUSER");
    sql("GRANT pg_monitor TO " + medic, "GRANT pg_signal_backend TO " + medic);
    return medic;
  }

  /** Runs statements as postgres in the scratch database. */
  public void sql(String... statements) throws SQLException {
    try (Connection c = connect(RealServices.POSTGRES_USER, "setup"); Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
  }

  /** A connection to the scratch database as this role and application; closed with the scratch. */
  public Connection connect(String role, String application) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", role);
    p.setProperty("ApplicationName", application);
    Connection c = DriverManager.getConnection(url, p);
    synchronized (connections) {
      connections.add(c);
    }
    try (Statement st = c.createStatement(); ResultSet r = st.executeQuery("SELECT pg_backend_pid()")) {
      r.next();
      pids.put(c, r.getInt(1));
    }
    return c;
  }

  /** A session sitting idle inside an open transaction (it ran one statement and stopped). */
  public Connection idleInTransaction(String role, String application) throws SQLException {
    Connection c = connect(role, application);
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      st.execute("SELECT 1");
    }
    return c;
  }

  /** The backend pid of a connection this scratch opened, noted at connect time (asks nothing now). */
  public int pid(Connection c) {
    Integer pid = pids.get(c);
    if (pid == null) {
      throw new IllegalArgumentException("not a connection of this scratch database");
    }
    return pid;
  }

  /** Runs a statement on another thread (one that will block on a lock or sleep). */
  public CompletableFuture<Void> inBackground(Connection c, String sql) {
    return CompletableFuture.runAsync(() -> {
      try (Statement st = c.createStatement()) {
        st.execute(sql);
      } catch (SQLException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }, background);
  }

  /** Whether this backend waits on a lock now, seen from a fresh superuser session. */
  public boolean waitsOnLock(int pid) throws SQLException {
    return count("SELECT count(*) FROM pg_stat_activity WHERE pid = ? AND wait_event_type = 'Lock'", pid) > 0;
  }

  public boolean alive(int pid) throws SQLException {
    return count("SELECT count(*) FROM pg_stat_activity WHERE pid = ?", pid) > 0;
  }

  /** Sessions connected to the scratch database now (a closed connection's backend leaves a moment later). */
  public long sessions() throws SQLException {
    try (Connection c = server();
        PreparedStatement q = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ?")) {
      q.setString(1, database);
      try (ResultSet r = q.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** Sessions in the scratch database idle in a transaction for longer than the given seconds. */
  public long idleLongerThan(double seconds) throws SQLException {
    try (Connection c = server();
        PreparedStatement q = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ?"
            + " AND state = 'idle in transaction' AND clock_timestamp() - state_change > make_interval(secs => ?)")) {
      q.setString(1, database);
      q.setDouble(2, seconds);
      try (ResultSet r = q.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private long count(String sql, int pid) throws SQLException {
    try (Connection c = server(); PreparedStatement q = c.prepareStatement(sql)) {
      q.setInt(1, pid);
      try (ResultSet r = q.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  @Override
  public void close() throws SQLException {
    background.shutdownNow();
    synchronized (connections) {
      for (Connection c : connections) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // already terminated by the test
        }
      }
    }
    try (Connection c = server(); Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      for (String role : roles) {
        st.execute("DROP ROLE IF EXISTS " + role);
      }
    }
  }
}

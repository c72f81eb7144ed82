package dev.medic.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assumptions;

/**
 * The real servers this machine runs for tests. A test that needs one that is absent is skipped
 * with a loud message; under {@code CI=true} it fails instead, so a missing service never passes
 * silently in CI.
 */
public final class RealServices {

  private RealServices() {}

  public static void requirePostgres() {
    require("PostgreSQL", 5432);
  }

  public static void requireMariaDb() {
    require("MariaDB", 3306);
  }

  public static void requireRedis() {
    require("Redis", 6379);
  }

  public static void requireRabbitMq() {
    require("RabbitMQ", 5672);
  }

  /** jdbc:postgresql://127.0.0.1:5432/test, trust auth. */
  public static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  public static final String POSTGRES_USER = "postgres";
  /** jdbc:mariadb://127.0.0.1:3306/test, root without password. */
  public static final String MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/test";
  public static final String MARIADB_USER = "root";

  public static void require(String name, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
    } catch (IOException e) {
      String message = "*** " + name + " is not reachable on 127.0.0.1:" + port + " (" + e.getMessage()
          + "): this test needs the real server ***";
      if ("true".equals(System.getenv("CI"))) {
        fail(message + " and CI=true, so it fails instead of skipping");
      }
      System.err.println(message + "; skipping");
      Assumptions.abort(message);
    }
  }
}

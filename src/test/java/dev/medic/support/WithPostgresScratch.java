package dev.medic.support;

import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * For test classes whose every test works in a database of its own on the real PostgreSQL: {@link
 * #db} is created before each test and dropped (with its roles and connections) after it. Without
 * PostgreSQL the tests are skipped (failed under {@code CI=true}, see {@link RealServices}).
 */
public abstract class WithPostgresScratch {

  protected PostgresScratch db;

  @BeforeAll
  static void needsPostgres() {
    RealServices.requirePostgres();
  }

  @BeforeEach
  void createScratchDatabase() throws SQLException {
    db = PostgresScratch.create();
  }

  @AfterEach
  void dropScratchDatabase() throws SQLException {
    db.close();
  }
}

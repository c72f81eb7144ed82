package dev.medic.support;

import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * For test classes of the sql check and action on the seed's work table: each test gets a scratch
 * schema on the real PostgreSQL ({@link #db}) holding an empty {@code documents} table, dropped after
 * the test. Without PostgreSQL the tests are skipped (failed under {@code CI=true}).
 */
public abstract class WithDocumentsTable {

  protected SqlScratch db;

  @BeforeAll
  static void needsPostgres() {
    RealServices.requirePostgres();
  }

  @BeforeEach
  void createDocumentsTable() throws SQLException {
    db = SqlScratch.postgres();
    db.exec("CREATE TABLE documents (id serial PRIMARY KEY, status text NOT NULL, updated_at timestamptz NOT NULL)");
  }

  @AfterEach
  void dropScratchSchema() throws SQLException {
    db.close();
  }
}

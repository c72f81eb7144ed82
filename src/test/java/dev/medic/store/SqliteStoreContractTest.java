package dev.medic.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite store keeps the store contract, on a new file per test. */
class SqliteStoreContractTest extends StoreContractTest {

  @TempDir Path dir;

  @Override
  protected Store open() {
    return SqliteStore.open(dir.resolve("medic.db"));
  }
}

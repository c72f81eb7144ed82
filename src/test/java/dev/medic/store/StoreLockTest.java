package dev.medic.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medic.spi.Incident;
import dev.medic.spi.Severity;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock that keeps a second medic off a store, across real processes (a file lock is per process). */
class StoreLockTest {

  @TempDir Path dir;

  private Process holder;

  @AfterEach
  void stopHolder() throws Exception {
    if (holder != null) {
      holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Starts another JVM that takes the store's lock and returns once it holds it. */
  private Process holdInAnotherProcess(Path store) throws Exception {
    holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), StoreLockHolder.class.getName(), store.toString())
        .redirectErrorStream(true)
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine(); // blocks until the holder has the lock (or has died)
    assertThat(line).as("holder output").startsWith("locked ");
    return holder;
  }

  @Test
  void refusesSecondMedicOnTheSameStoreNamingStoreAndHolderPid() throws Exception {
    Path store = dir.resolve("medic.db");
    Process other = holdInAnotherProcess(store);

    assertThatThrownBy(() -> StoreLock.acquire(store))
        .isInstanceOf(StoreLock.HeldException.class)
        .hasMessageContaining(store.toAbsolutePath().toString())
        .hasMessageContaining("pid " + other.pid())
        .satisfies(e -> assertThat(((StoreLock.HeldException) e).holder()).isEqualTo(String.valueOf(other.pid())));
  }

  @Test
  void storeIsFreeAgainOnceTheHolderIsKilled() throws Exception {
    Path store = dir.resolve("medic.db");
    Process other = holdInAnotherProcess(store);
    other.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

    try (StoreLock lock = StoreLock.acquire(store)) {
      assertThat(lock.file()).isEqualTo(dir.resolve("medic.db.lock").toAbsolutePath());
      assertThat(java.nio.file.Files.readString(lock.file()).trim()).isEqualTo(String.valueOf(ProcessHandle.current().pid()));
    }
  }

  @Test
  void refusesSecondHolderInTheSameProcessAndFreesTheStoreOnClose() {
    Path store = dir.resolve("medic.db");
    try (StoreLock first = StoreLock.acquire(store)) {
      assertThatThrownBy(() -> StoreLock.acquire(store)).isInstanceOf(StoreLock.HeldException.class)
          .hasMessageContaining("pid " + ProcessHandle.current().pid());
    }
    StoreLock.acquire(store).close();
  }

  @Test
  void readersStillReadTheStoreWhileAMedicHoldsIt() throws Exception {
    Path store = dir.resolve("medic.db");
    try (SqliteStore s = SqliteStore.open(store)) {
      s.incidents().insert(Incident.open("web", "http_error", Severity.CRITICAL, "500", Instant.parse("2026-11-01T10:00:00Z")));
    }
    holdInAnotherProcess(store);

    try (SqliteStore reader = SqliteStore.open(store)) {
      assertThat(reader.incidents().list(null, 10)).extracting(Incident::target).containsExactly("web");
    }
  }
}

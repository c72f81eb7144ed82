package dev.medic.store;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** {@link AgentState} as a small key/value table of the SQLite store ({@code V8__agent_state.sql}). */
final class SqliteAgentState implements AgentState {

  private static final String LAST_ALIVE = "last_alive_at";
  private static final String STOPPED_CLEANLY = "stopped_cleanly_at";

  private final Jdbi jdbi;

  SqliteAgentState(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public void alive(Instant at) {
    put(LAST_ALIVE, at);
  }

  @Override
  public void stoppedCleanly(Instant at) {
    jdbi.useTransaction(h -> {
      for (String key : new String[] {LAST_ALIVE, STOPPED_CLEANLY}) {
        upsert(h, key, at);
      }
    });
  }

  @Override
  public Optional<Instant> lastAlive() {
    return get(LAST_ALIVE);
  }

  @Override
  public Optional<Instant> stoppedCleanlyAt() {
    return get(STOPPED_CLEANLY);
  }

  private void put(String key, Instant at) {
    jdbi.useHandle(h -> upsert(h, key, at));
  }

  private static void upsert(org.jdbi.v3.core.Handle h, String key, Instant at) {
    h.createUpdate("INSERT INTO agent_state (key, value) VALUES (:key, :value)"
            + " ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind("key", key)
        .bind("value", at.toEpochMilli())
        .execute();
  }

  private Optional<Instant> get(String key) {
    return jdbi.withHandle(h -> h.createQuery("SELECT value FROM agent_state WHERE key = :key")
        .bind("key", key)
        .mapTo(Long.class)
        .findOne()
        .map(Instant::ofEpochMilli));
  }
}

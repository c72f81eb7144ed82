package dev.medic.notify;

import dev.medic.http.HttpCheck;
import org.sqlite.SQLiteException;
import redis.clients.jedis.Jedis;

/**
 * Deliberate breaches of {@code dev.medic.ArchitectureTest}'s rules, in a core package, so that
 * {@code ArchitectureRulesCatchTest} can show each rule catches one. Test sources only: the
 * architecture rules themselves read production classes alone.
 */
public final class ArchitectureViolations {

  private ArchitectureViolations() {}

  /** The core naming a technology's spec: a breach of two rules at once. */
  public static final class NamesATechnology {
    public boolean isHttp(Object check) {
      return check instanceof HttpCheck;
    }
  }

  /** The core holding a technology's client. */
  public static final class HoldsADriver {
    public Jedis jedis;
  }

  /** The core, outside the store, reaching into the store's database. */
  public static final class ReachesIntoTheStore {
    public SQLiteException failure;
  }
}

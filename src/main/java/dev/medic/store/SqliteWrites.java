package dev.medic.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The synchronous write path that every table of the SQLite store shares. One lock orders all of
 * them: a write commits now (inside the open transaction, if there is one) or, when the store
 * cannot write, is held in memory behind the writes held before it ({@link HeldWrites}). Inserts
 * get their ids at once either way.
 *
 * <p>A transaction holds the lock from its first statement to its commit, and the database
 * handle it runs on is the thread's handle for Jdbi, so the ports' statements inside it join it.
 * If the store stops accepting writes in the middle, what the transaction wrote so far is rolled
 * back and held, in order, and its remaining writes are held behind them: the group is written
 * later, still in order, or, if the work throws, dropped as a whole.
 */
final class SqliteWrites {

  private final Jdbi jdbi;
  private final HeldWrites held;
  /** Highest id handed out per table (guarded by the lock): held inserts get the next ones. */
  private final Map<String, Long> lastIds = new HashMap<>();
  /** The transaction of the thread holding the lock, or null. */
  private Transaction open;

  SqliteWrites(Jdbi jdbi, HeldWrites held, List<String> tables) {
    this.jdbi = jdbi;
    this.held = held;
    // Known before the disk can fill: held inserts are numbered after these even if reads fail then.
    for (String table : tables) {
      lastIds.put(table, nextId(table) - 1);
    }
  }

  Object lock() {
    return held.lock();
  }

  HeldWrites held() {
    return held;
  }

  /**
   * An insert whose id comes from its table: committed, or held under the next free id.
   *
   * @param commit inserts and returns the new row's id
   * @param asHeld the write as it is held under an id
   */
  long insert(String table, LongSupplier commit, LongFunction<PendingWrite> asHeld) {
    synchronized (lock()) {
      long[] id = {0};
      Optional<String> reason = tryCommit(() -> asHeld.apply(id[0] = commit.getAsLong()));
      if (reason.isEmpty()) {
        sawId(table, id[0]);
        return id[0];
      }
      return holdInsert(table, asHeld, reason.get());
    }
  }

  /**
   * Holds an insert under the next free id of its table and returns that id: the caller has it at
   * once, and the row is inserted with it when the store catches up. Caller holds the lock.
   */
  long holdInsert(String table, LongFunction<PendingWrite> asHeld, String reason) {
    long next = nextId(table);
    lastIds.put(table, next);
    held.hold(asHeld.apply(next), reason);
    return next;
  }

  /** A write that makes no new id: committed, or held. */
  void write(Runnable commit, PendingWrite asHeld) {
    synchronized (lock()) {
      tryCommit(() -> {
        commit.run();
        return asHeld;
      }).ifPresent(reason -> held.hold(asHeld, reason));
    }
  }

  /** An id the table handed out on commit (caller holds the lock). */
  void sawId(String table, long id) {
    lastIds.merge(table, id, Math::max);
  }

  /**
   * Runs the write now unless writes are held (then it must queue behind them), inside the open
   * transaction if there is one. Returns why it was not committed: the caller then holds it. Any
   * failure other than "cannot write" is thrown. Caller holds the lock.
   *
   * @param commit writes and returns the write as it would be held, or null if it wrote nothing
   */
  Optional<String> tryCommit(Supplier<PendingWrite> commit) {
    PendingWrite[] done = {null};
    Optional<String> reason = held.tryCommit(() -> done[0] = commit.get());
    Transaction tx = open;
    if (tx != null && tx.active) {
      if (reason.isEmpty()) {
        if (done[0] != null) {
          tx.journal.add(done[0]);
        }
      } else {
        tx.hold(reason.get());
      }
    }
    return reason;
  }

  /** See {@link Store#inTransaction}. */
  <T> T inTransaction(Supplier<T> work) {
    synchronized (lock()) {
      if (open != null) {
        return work.get();
      }
      int mark = held.size();
      if (held.holding()) {
        return together(work, mark);
      }
      boolean[] started = {false};
      try {
        return jdbi.withHandle(h -> {
          started[0] = true;
          return run(h, work, mark);
        });
      } catch (RuntimeException e) {
        if (!started[0] && Unwritable.reason(e).isPresent()) {
          // No connection to start one on: every write of the work is tried on its own, and held.
          return together(work, mark);
        }
        throw e;
      }
    }
  }

  /** The work with its writes held (or committed one by one); dropped from memory if it throws. */
  private <T> T together(Supplier<T> work, int mark) {
    try {
      return work.get();
    } catch (RuntimeException | Error e) {
      held.truncate(mark);
      throw e;
    }
  }

  private <T> T run(Handle h, Supplier<T> work, int mark) {
    h.begin();
    Transaction tx = new Transaction(h);
    open = tx;
    try {
      T result = work.get();
      tx.commit();
      return result;
    } catch (RuntimeException | Error e) {
      if (tx.active) {
        tx.active = false;
        rollbackQuietly(h);
      }
      held.truncate(mark);
      throw e;
    } finally {
      open = null;
    }
  }

  /** The writes of one transaction, as they would be held if it cannot commit. */
  private final class Transaction {
    private final Handle handle;
    private final List<PendingWrite> journal = new ArrayList<>();
    /** False once committed, rolled back, or turned into held writes. */
    private boolean active = true;

    Transaction(Handle handle) {
      this.handle = handle;
    }

    void commit() {
      if (!active) {
        return;
      }
      try {
        handle.commit();
        active = false;
      } catch (RuntimeException e) {
        String reason = Unwritable.reason(e).orElse(null);
        if (reason == null) {
          throw e;
        }
        hold(reason);
      }
    }

    /** The store stopped accepting writes: what was written is rolled back and held instead. */
    void hold(String reason) {
      active = false;
      rollbackQuietly(handle);
      for (PendingWrite w : journal) {
        held.hold(w, reason);
      }
      journal.clear();
    }
  }

  /** Leaves the handle out of any transaction: SQLite may have rolled back on its own already. */
  private static void rollbackQuietly(Handle h) {
    try {
      h.rollback();
    } catch (RuntimeException e) {
      try {
        h.getConnection().setAutoCommit(true);
      } catch (SQLException ignored) {
        // the pool discards a connection it cannot reset
      }
    }
  }

  /** The id a held insert gets: after every committed row and every id already handed out. */
  private long nextId(String table) {
    long committed = 0;
    try {
      committed = jdbi.withHandle(h -> h.createQuery(
              "SELECT max(coalesce((SELECT max(id) FROM " + table + "), 0),"
                  + " coalesce((SELECT seq FROM sqlite_sequence WHERE name = :table), 0))")
          .bind("table", table).mapTo(Long.class).one());
    } catch (RuntimeException e) {
      // Reading failed too: the ids handed out so far are all we know.
    }
    return Math.max(committed, lastIds.getOrDefault(table, 0L)) + 1;
  }
}

package dev.medic.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synchronous writes the store could not commit because it cannot write (disk full, I/O error,
 * read-only), held in order in memory, and the thread that writes them once it can again. Its lock
 * orders every synchronous write of the store: a new write never overtakes a held one, and a read
 * that combines held and committed rows never sees a write in both or in neither.
 */
final class HeldWrites {

  private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);

  private final Object lock = new Object();
  private final WriteBacklog backlog = new WriteBacklog();
  private final Consumer<PendingWrite> write;
  private final long retryMillis;
  /** Mirrors the backlog's size for lock-free checks on the read path. */
  private volatile int size;
  /** Why writes are held; null while the store writes. */
  private volatile String problem;
  private volatile Instant since;
  private volatile boolean closed;
  private Thread catchUp;

  /** @param write commits one held write to the store, throwing as the store does */
  HeldWrites(Consumer<PendingWrite> write, long retryMillis) {
    this.write = write;
    this.retryMillis = retryMillis;
  }

  Object lock() {
    return lock;
  }

  boolean holding() {
    return size > 0;
  }

  int size() {
    return size;
  }

  /** Why the store cannot write, or null. */
  String problem() {
    return problem;
  }

  Instant since() {
    return since;
  }

  /** The held writes as readers must see them. Caller holds the lock. */
  WriteBacklog backlog() {
    return backlog;
  }

  /**
   * Runs the write now unless writes are already held (then it must queue behind them). Returns
   * why it was not committed; any failure other than "cannot write" is thrown as before. Caller
   * holds the lock.
   */
  Optional<String> tryCommit(Runnable commit) {
    if (holding()) {
      return Optional.of(problem);
    }
    try {
      commit.run();
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of(Unwritable.reason(e).orElseThrow(() -> e));
    }
  }

  /** Queues the write behind the others; the first one makes the problem loud. Caller holds the lock. */
  void hold(PendingWrite pending, String reason) {
    backlog.add(pending);
    size = backlog.size();
    if (problem == null) {
      problem = reason;
      since = Instant.now();
      log.error("store cannot write ({}): medic goes on detecting and healing, holding writes in memory"
          + " and retrying every {} ms; they are lost if medic stops before the store accepts writes again",
          reason, retryMillis);
    }
    if (catchUp == null || !catchUp.isAlive()) {
      catchUp = Thread.ofPlatform().daemon().name("medic-store-catch-up").start(this::catchUpLoop);
    }
  }

  /** Runs a read that combines held and committed rows under the lock while anything is held. */
  <T> T consistent(Supplier<T> read) {
    if (!holding()) {
      return read.get();
    }
    synchronized (lock) {
      return read.get();
    }
  }

  /** Held audit entries matching the filter, newest first; nothing (and no lock) while writing. */
  List<AuditEntry> audit(Predicate<AuditEntry> filter) {
    if (!holding()) {
      return List.of();
    }
    synchronized (lock) {
      return backlog.audit(filter);
    }
  }

  /** A view of the held writes; {@code none} (and no lock) while nothing is held. */
  <T> T view(Function<WriteBacklog, T> view, T none) {
    if (!holding()) {
      return none;
    }
    synchronized (lock) {
      return view.apply(backlog);
    }
  }

  /** Drops the writes held after the first {@code size} (a transaction threw). Caller holds the lock. */
  void truncate(int size) {
    backlog.truncate(size);
    this.size = backlog.size();
  }

  private void catchUpLoop() {
    while (!closed) {
      try {
        Thread.sleep(retryMillis);
      } catch (InterruptedException e) {
        if (closed) {
          return;
        }
      }
      if (replay()) {
        return;
      }
    }
  }

  /** Writes held writes in order until one still cannot be written; true once none are left. */
  boolean replay() {
    synchronized (lock) {
      int total = backlog.size();
      while (!backlog.isEmpty()) {
        PendingWrite next = backlog.first();
        try {
          write.accept(next);
        } catch (RuntimeException e) {
          Optional<String> reason = Unwritable.reason(e);
          if (reason.isPresent()) {
            problem = reason.get();
            return false;
          }
          // Retrying a write the store rejects for what it is would wedge every write behind it.
          log.error("held write dropped, the store rejects it: {}: {}", next, e.toString());
        }
        backlog.removeFirst();
        if (backlog.isEmpty()) {
          // Writable again before the backlog reads empty: whoever sees no backlog sees no problem.
          caughtUp(total);
        }
        size = backlog.size();
      }
      caughtUp(total);
      return true;
    }
  }

  private void caughtUp(int total) {
    if (problem != null) {
      log.info("store writes again: {} held writes caught up after {} s", total,
          Duration.between(since, Instant.now()).toSeconds());
      problem = null;
      since = null;
    }
  }

  /** One last try; what still cannot be written is named in the log, loudly, as lost. */
  void close() {
    if (holding() && !replay()) {
      synchronized (lock) {
        List<PendingWrite> all = backlog.all();
        log.error("store closes with {} writes it could not write ({}); they are lost: {}", all.size(), problem,
            all.subList(0, Math.min(20, all.size())) + (all.size() > 20 ? " and " + (all.size() - 20) + " more" : ""));
      }
    }
    closed = true;
    if (catchUp != null) {
      catchUp.interrupt();
    }
  }
}

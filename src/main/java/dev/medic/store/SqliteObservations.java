package dev.medic.store;

import dev.medic.config.Redactor;
import dev.medic.spi.Observation;
import dev.medic.spi.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observations in the SQLite store: a bounded queue and one writer thread that commits them in
 * batches. They never take the synchronous write path, and are not held when the store cannot
 * write: the problem is loud already (log, {@code /health}).
 */
final class SqliteObservations implements Observations, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);
  private static final int QUEUE_CAPACITY = 200_000;
  private static final int BATCH = 2_000;
  /** How long the writer waits for more observations before committing a batch. */
  private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);

  private final Jdbi jdbi;
  private final Supplier<Redactor> secrets;
  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final AtomicLong dropped = new AtomicLong();
  private final Thread writer;
  private volatile boolean closed;

  SqliteObservations(Jdbi jdbi, Supplier<Redactor> secrets) {
    this.jdbi = jdbi;
    this.secrets = secrets;
    this.writer = Thread.ofPlatform().daemon().name("medic-store-writer").start(this::writeLoop);
  }

  @Override
  public void record(Observation o) {
    if (!queue.offer(o)) {
      // Losing samples beats blocking a check; incidents and audit never take this path.
      if (dropped.incrementAndGet() % 10_000 == 1) {
        log.warn("observation queue full: {} samples dropped so far", dropped.get());
      }
    }
  }

  @Override
  public void flush() {
    if (closed) {
      return; // the writer has ended: nobody would count the latch down
    }
    CountDownLatch done = new CountDownLatch(1);
    try {
      queue.put(done);
      LockSupport.unpark(writer);
      if (!done.await(30, TimeUnit.SECONDS)) {
        log.warn("observation flush did not finish within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void writeLoop() {
    List<Object> batch = new ArrayList<>(BATCH);
    while (!closed || !queue.isEmpty()) {
      try {
        // Asleep until there is something to write: an idle medic does not wake this thread.
        batch.add(queue.take());
        gather(batch);
        writeBatch(batch);
      } catch (InterruptedException e) {
        if (closed) {
          continue;
        }
      } catch (RuntimeException e) {
        if (Unwritable.reason(e).isPresent()) {
          // Samples are not held like incidents: the store problem is already loud (log, /health).
          dropped.addAndGet(batch.size());
        } else {
          log.error("writing {} observations failed: {}", batch.size(), e.toString());
        }
      } finally {
        for (Object o : batch) {
          if (o instanceof CountDownLatch latch) {
            latch.countDown();
          }
        }
        batch.clear();
      }
    }
  }

  /**
   * Fills the batch behind its first item: whatever is queued, then whatever arrives within {@link
   * #LINGER_NANOS}, up to {@link #BATCH} items. Checks spread over their interval arrive one by one;
   * without the linger each became its own transaction, and a SQLite transaction (connection, prepare,
   * commit) costs far more than a row. The writer sleeps through the linger instead of waiting on the
   * queue, so producers do not wake it once per observation; {@link #flush} wakes it at once, and an
   * interrupt (close) ends the wait without losing what was gathered.
   */
  private void gather(List<Object> batch) {
    long deadline = System.nanoTime() + LINGER_NANOS;
    int seen = 0;
    while (true) {
      queue.drainTo(batch, BATCH - batch.size());
      for (; seen < batch.size(); seen++) {
        if (batch.get(seen) instanceof CountDownLatch) {
          return;
        }
      }
      long left = deadline - System.nanoTime();
      if (batch.size() >= BATCH || left <= 0 || closed || Thread.currentThread().isInterrupted()) {
        return;
      }
      LockSupport.parkNanos(this, left);
    }
  }

  private void writeBatch(List<Object> batch) {
    if (batch.stream().noneMatch(Observation.class::isInstance)) {
      return;
    }
    Redactor redactor = secrets.get();
    jdbi.useTransaction(h -> {
      PreparedBatch b = h.prepareBatch("INSERT INTO observations (at, target, check_name, status, latency_ms,"
          + " condition, message, metrics) VALUES (:at, :target, :check, :status, :latency, :condition, :message,"
          + " :metrics)");
      for (Object item : batch) {
        if (item instanceof Observation o) {
          b.bind("at", o.at().toEpochMilli())
              .bind("target", o.target())
              .bind("check", o.check())
              .bind("status", o.status().name())
              .bind("latency", o.latency() == null ? null : o.latencyMillis())
              .bind("condition", o.condition())
              .bind("message", redactor.redact(o.message()))
              .bind("metrics", o.metrics().isEmpty() ? "{}" : SqliteRows.toJson(o.metrics()))
              .add();
        }
      }
      b.execute();
    });
  }

  @Override
  public List<Observation> list(String target, int limit) {
    return between(target, Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE / 2), limit);
  }

  @Override
  public List<Observation> between(String target, Instant from, Instant to, int limit) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM observations WHERE target = :target"
            + " AND at >= :from AND at <= :to ORDER BY at DESC LIMIT :limit")
        .bind("target", target)
        .bind("from", from.toEpochMilli())
        .bind("to", to.toEpochMilli())
        .bind("limit", limit)
        .map((rs, ctx) -> {
          double latency = rs.getDouble("latency_ms");
          Duration d = rs.wasNull() ? null : Duration.ofNanos((long) (latency * 1e6));
          return new Observation(Instant.ofEpochMilli(rs.getLong("at")), rs.getString("target"),
              rs.getString("check_name"), Status.valueOf(rs.getString("status")), d,
              SqliteRows.metricsOf(rs.getString("metrics")), rs.getString("condition"), rs.getString("message"));
        })
        .list());
  }

  @Override
  public int prune(Instant before) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM observations WHERE at < :before")
        .bind("before", before.toEpochMilli())
        .execute());
  }

  @Override
  public long dropped() {
    return dropped.get();
  }

  /** Writes what is queued, then stops the writer. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    flush();
    closed = true;
    writer.interrupt();
    try {
      writer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.medic.incident;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EventBus} in memory: a queue and a virtual thread per subscriber. Events are few (a
 * handful per incident), so the queues are unbounded; what matters is that no subscriber waits for
 * another. A subscriber that throws is logged and keeps its subscription.
 */
public final class QueuedEventBus implements EventBus, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger("medic");

  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

  @Override
  public void publish(IncidentEvent event) {
    for (Subscription s : subscriptions) {
      s.offer(event);
    }
  }

  @Override
  public AutoCloseable subscribe(String name, Consumer<IncidentEvent> subscriber) {
    Subscription s = new Subscription(name, subscriber);
    subscriptions.add(s);
    s.thread = Thread.ofVirtual().name("medic-events-" + name).start(s::drain);
    return () -> {
      subscriptions.remove(s);
      s.stop(Duration.ofSeconds(5));
    };
  }

  /**
   * Waits until every subscriber has handled what was published so far, or the patience runs out.
   *
   * @return true if all queues are empty and no event is being handled
   */
  public boolean awaitIdle(Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    for (Subscription s : subscriptions) {
      if (!s.awaitIdle(deadline)) {
        return false;
      }
    }
    return true;
  }

  /** Handles what is queued (within the patience, per subscriber), then stops every subscriber. */
  @Override
  public void close() {
    for (Subscription s : subscriptions) {
      s.stop(Duration.ofSeconds(5));
    }
    subscriptions.clear();
  }

  private static final class Subscription {
    /** Put on the queue to end the drain after what came before it. */
    private static final IncidentEvent STOP = new IncidentEvent.Resolved(null);

    final String name;
    final Consumer<IncidentEvent> subscriber;
    final LinkedBlockingQueue<IncidentEvent> queue = new LinkedBlockingQueue<>();
    /** Published to this subscriber and not yet handled. */
    private long pending;
    volatile Thread thread;

    Subscription(String name, Consumer<IncidentEvent> subscriber) {
      this.name = name;
      this.subscriber = subscriber;
    }

    synchronized void offer(IncidentEvent e) {
      pending++;
      queue.add(e);
    }

    private synchronized void handled() {
      if (--pending == 0) {
        notifyAll();
      }
    }

    synchronized boolean awaitIdle(long deadlineNanos) throws InterruptedException {
      while (pending > 0) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }

    void drain() {
      try {
        while (true) {
          IncidentEvent e = queue.take();
          if (e == STOP) {
            return;
          }
          try {
            subscriber.accept(e);
          } catch (RuntimeException ex) {
            log.error("{} failed to handle {} of incident #{}", name, e.getClass().getSimpleName(),
                e.incident().id(), ex);
          } finally {
            handled();
          }
        }
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
    }

    void stop(Duration patience) {
      queue.add(STOP);
      Thread t = thread;
      if (t == null) {
        return;
      }
      try {
        if (!t.join(patience)) {
          log.warn("{} still handling incident events after {} ms; stopping it", name, patience.toMillis());
          t.interrupt();
          t.join(Duration.ofSeconds(1));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

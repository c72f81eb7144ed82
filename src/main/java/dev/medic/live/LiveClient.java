package dev.medic.live;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connected page or socket: a bounded queue of events and a thread that writes them out in
 * order. Publishing never waits for a client: one whose queue is full has fallen behind and is
 * disconnected (an EventSource reconnects by itself), so no client holds up another or buffers
 * without bound.
 */
abstract class LiveClient {

  private static final Logger log = LoggerFactory.getLogger("medic");

  private final String description;
  private final BlockingQueue<LiveEvent> queue;
  private final AtomicBoolean ended = new AtomicBoolean();
  // Set by start, which may race with an end on another thread (a socket closing at once).
  private volatile Consumer<LiveClient> onEnd = c -> {};
  private volatile Thread sender;
  private volatile java.util.function.BooleanSupplier stillAdmitted = () -> true;

  LiveClient(String description, int capacity) {
    this.description = description;
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  /** Writes one event; blocks while the connection does not take it. */
  abstract void write(LiveEvent event) throws Exception;

  /** Closes the connection (from any thread). */
  abstract void disconnect();

  /** Whether the event is one this kind of client is sent. */
  abstract boolean wants(LiveEvent event);

  /**
   * Starts the sender; {@code onEnd} hears once that the client is gone, whatever ended it.
   *
   * @param stillAdmitted whether the credential that admitted the client still holds
   */
  void start(Consumer<LiveClient> onEnd, java.util.function.BooleanSupplier stillAdmitted) {
    this.onEnd = onEnd;
    this.stillAdmitted = stillAdmitted;
    sender = Thread.ofVirtual().name("medic-live-" + description).start(this::send);
    if (ended.get()) {
      sender.interrupt(); // ended before it started: the sender must not wait on an empty queue
    }
  }

  /** Whether the token, login or anonymous reading that admitted it still holds. */
  boolean stillAdmitted() {
    return stillAdmitted.getAsBoolean();
  }

  /**
   * Queues the event; a client that cannot take it is ended.
   *
   * @return true if the client fell behind with this event (and was ended)
   */
  boolean offer(LiveEvent event) {
    if (!wants(event) || ended.get()) {
      return false;
    }
    if (queue.offer(event)) {
      return false;
    }
    log.info("live client {} fell {} events behind; disconnecting it", description, queue.size());
    end();
    return true;
  }

  /** Ends the client: its connection closes and its sender stops. Safe to call more than once. */
  void end() {
    if (ended.compareAndSet(false, true)) {
      Thread t = sender;
      if (t != null) {
        t.interrupt();
      }
      try {
        disconnect();
      } catch (RuntimeException e) {
        log.debug("closing live client {}: {}", description, e.toString());
      }
      onEnd.accept(this);
    }
  }

  boolean ended() {
    return ended.get();
  }

  private void send() {
    try {
      while (!ended.get()) {
        write(queue.take());
      }
    } catch (InterruptedException e) {
      // ended
    } catch (Exception e) {
      log.debug("live client {} gone: {}", description, e.toString());
    } finally {
      end();
    }
  }

  @Override
  public String toString() {
    return description;
  }
}

package dev.medic.incident;

import java.util.function.Consumer;

/** Where incident events go after they are committed, and where subscribers hear them. */
public interface EventBus {

  /** Hands the event to every subscriber; never waits for one. */
  void publish(IncidentEvent event);

  /**
   * Adds a subscriber. It hears events in the order they were published, on its own thread, so a
   * slow subscriber (a channel timing out) holds up no other and never the publisher.
   *
   * @param name for logs and thread names ({@code healer}, {@code notify})
   * @return closing it ends the subscription once the events queued for it are handled
   */
  AutoCloseable subscribe(String name, Consumer<IncidentEvent> subscriber);
}

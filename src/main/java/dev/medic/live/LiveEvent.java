package dev.medic.live;

/**
 * One event on its way to clients, written once for all of them: the SSE event name and JSON data,
 * and the WebSocket message of the same event.
 *
 * @param name the SSE event name ({@code status_change}, {@code alert}, {@code heal}); null for a
 *     heartbeat, which SSE sends as a comment
 * @param data the SSE data, JSON; null when SSE clients do not get this event
 * @param message the {@code /ws/monitor} message, JSON; null when socket clients do not get it
 */
record LiveEvent(String name, String data, String message) {

  /** Keeps an idle SSE connection (and the proxies in front of it) open. */
  static final LiveEvent HEARTBEAT = new LiveEvent(null, null, null);

  boolean heartbeat() {
    return name == null;
  }
}

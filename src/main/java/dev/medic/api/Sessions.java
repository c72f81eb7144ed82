package dev.medic.api;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Dashboard logins, in memory: a random session id (the {@code medic_session} cookie) to the hash
 * of the token that logged in. The token is looked up again on every request, so revoking it ends
 * its sessions at once. A session unused for the idle time ends; at most {@link #CAPACITY} live at
 * once, the least recently used dropped first, so memory stays bounded whoever logs in how often.
 * One token holds at most {@link #PER_TOKEN} of them (its own oldest go first), so logging in over
 * and over with one token cannot push everyone else's logins out.
 */
final class Sessions {

  static final int CAPACITY = 10_000;
  static final int PER_TOKEN = 20;

  private record Session(String tokenSha256, Instant lastUsed) {}

  private final Clock clock;
  private final Supplier<Duration> idle;
  private final SecureRandom random;
  private final int capacity;
  private final LinkedHashMap<String, Session> sessions;

  Sessions(Clock clock, Supplier<Duration> idle, SecureRandom random, int capacity) {
    this.clock = clock;
    this.idle = idle;
    this.random = random;
    this.capacity = capacity;
    this.sessions = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
        return size() > Sessions.this.capacity;
      }
    };
  }

  /** @return the new session's id, for the cookie */
  synchronized String start(String tokenSha256) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    // Least recently used first: the token's oldest logins are dropped to make room.
    java.util.List<String> ofToken = sessions.entrySet().stream()
        .filter(e -> e.getValue().tokenSha256().equals(tokenSha256)).map(Map.Entry::getKey).toList();
    for (int i = 0; i <= ofToken.size() - PER_TOKEN; i++) {
      sessions.remove(ofToken.get(i));
    }
    sessions.put(id, new Session(tokenSha256, clock.instant()));
    return id;
  }

  /** The hash of the session's token, if the session is live; using it keeps it live. */
  synchronized Optional<String> use(String id) {
    Session s = id == null ? null : sessions.get(id);
    if (s == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (!now.isBefore(s.lastUsed().plus(idle.get()))) {
      sessions.remove(id);
      return Optional.empty();
    }
    sessions.put(id, new Session(s.tokenSha256(), now));
    return Optional.of(s.tokenSha256());
  }

  synchronized void end(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  synchronized int size() {
    return sessions.size();
  }
}

package dev.medic.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Silences people made. Unlike the other synchronous writes, a silence is not held in memory when
 * the store cannot write: the person making it is told at once and can try again.
 */
public interface Silences {

  /** Stores a new silence and returns it with its id. */
  Silence insert(Silence silence);

  Optional<Silence> get(long id);

  /**
   * Newest first.
   *
   * @param includeEnded false: only those not yet ended at {@code now} (active and future ones)
   */
  List<Silence> list(Instant now, boolean includeEnded);

  /**
   * Ends a silence at {@code at}: its end moves there, the row stays.
   *
   * @return false if there is no such silence or it had ended already
   */
  boolean expire(long id, Instant at, String by);
}

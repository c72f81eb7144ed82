package dev.medic.process;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which children medic has running, kept in a small JSON file beside the store. A medic killed with
 * SIGKILL cannot stop its children; they live on, holding the port the next start's child needs.
 * The next start reads this file and finds them: a pid is only taken for one of ours if the process
 * with that pid started at the very instant recorded, so a reused pid is never touched.
 */
public final class ChildLedger {

  /** A child as recorded: its target, pid and start instant (as the kernel reports it). */
  public record Child(String target, long pid, long startedAtMillis) {}

  private static final Logger log = LoggerFactory.getLogger(ChildLedger.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Map<String, Child> children = new TreeMap<>();

  private ChildLedger(Path file) {
    this.file = file;
  }

  /** A ledger kept in {@code file}; what an earlier medic left there is read now. */
  public static ChildLedger at(Path file) {
    ChildLedger ledger = new ChildLedger(file);
    ledger.children.putAll(read(file));
    return ledger;
  }

  /** A ledger that keeps nothing on disk (one-shot commands such as {@code medic check}). */
  public static ChildLedger inMemory() {
    return new ChildLedger(null);
  }

  public synchronized void started(String target, ProcessHandle process) {
    children.put(target, new Child(target, process.pid(), startMillis(process).orElse(-1L)));
    write();
  }

  /** Forgets the target's child if it is still the one with this pid. */
  public synchronized void ended(String target, long pid) {
    Child c = children.get(target);
    if (c != null && c.pid() == pid) {
      children.remove(target);
      write();
    }
  }

  /** Recorded children that still run: the same pid, started at the same instant. */
  public synchronized List<Child> stillRunning() {
    List<Child> alive = new ArrayList<>();
    for (Child c : children.values()) {
      Optional<ProcessHandle> h = ProcessHandle.of(c.pid());
      if (h.isPresent() && ProcessTable.running(c.pid()) && c.startedAtMillis() >= 0
          && startMillis(h.get()).orElse(-2L) == c.startedAtMillis()) {
        alive.add(c);
      }
    }
    return alive;
  }

  private static Optional<Long> startMillis(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toEpochMilli);
  }

  private void write() {
    if (file == null) {
      return;
    }
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      JSON.writeValue(tmp.toFile(), List.copyOf(children.values()));
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      // Never fail a start or a restart over this: without the file only the leftovers check is lost.
      log.warn("could not record supervised children in {}: {}", file, e.toString());
    }
  }

  private static Map<String, Child> read(Path file) {
    Map<String, Child> read = new TreeMap<>();
    if (!Files.exists(file)) {
      return read;
    }
    try {
      for (Child c : JSON.readValue(file.toFile(), new TypeReference<List<Child>>() {})) {
        read.put(c.target(), c);
      }
    } catch (IOException e) {
      // A torn or foreign file must not stop medic from starting; it only loses the leftovers check.
      log.warn("ignoring unreadable {}: {}", file, e.getMessage());
    }
    return read;
  }
}

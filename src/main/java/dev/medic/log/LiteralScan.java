package dev.medic.log;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds, in one pass over an ASCII line, which patterns' required literals it contains. A table
 * indexed by byte gives the literals that can start there, so a line that holds none of them
 * costs one array look-up per byte.
 */
final class LiteralScan {

  private record Literal(byte[] bytes, boolean ignoreCase, int pattern) {}

  /** Literals that may start with each ASCII byte; null where none does. */
  private final Literal[][] startingWith = new Literal[128][];

  /** @param literals per pattern, in pattern order; a pattern without literals is never reported */
  LiteralScan(List<RequiredLiterals> literals) {
    List<List<Literal>> table = new ArrayList<>();
    for (int i = 0; i < 128; i++) {
      table.add(new ArrayList<>());
    }
    for (int p = 0; p < literals.size(); p++) {
      RequiredLiterals r = literals.get(p);
      if (!r.simple()) {
        continue;
      }
      for (String text : r.texts()) {
        Literal l = new Literal(text.getBytes(StandardCharsets.US_ASCII), r.ignoreCase(), p);
        byte first = l.bytes()[0];
        table.get(first).add(l);
        if (r.ignoreCase()) {
          int upper = Character.toUpperCase(first);
          if (upper != first && upper < 128) {
            table.get(upper).add(l);
          }
        }
      }
    }
    for (int b = 0; b < 128; b++) {
      startingWith[b] = table.get(b).isEmpty() ? null : table.get(b).toArray(Literal[]::new);
    }
  }

  /**
   * Marks in {@code found} each pattern one of whose literals occurs in the line. Returns false,
   * with {@code found} incomplete, at the first byte that is not ASCII: such a line is decoded and
   * given to every pattern instead.
   */
  boolean scan(byte[] line, int offset, int length, boolean[] found) {
    Arrays.fill(found, false);
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      byte b = line[i];
      if (b < 0) {
        return false;
      }
      Literal[] candidates = startingWith[b];
      if (candidates == null) {
        continue;
      }
      for (Literal l : candidates) {
        if (!found[l.pattern()] && at(line, i, end, l)) {
          found[l.pattern()] = true;
        }
      }
    }
    return true;
  }

  private static boolean at(byte[] line, int i, int end, Literal l) {
    byte[] want = l.bytes();
    if (end - i < want.length) {
      return false;
    }
    for (int k = 1; k < want.length; k++) {
      byte b = line[i + k];
      if (l.ignoreCase() && b >= 'A' && b <= 'Z') {
        b = (byte) (b + ('a' - 'A'));
      }
      if (b != want[k]) {
        return false;
      }
    }
    return true;
  }
}

package dev.medic.files;

import java.util.List;

/** Joins names for an audit detail, cut after the first few so a run over thousands of files stays readable. */
final class Listing {

  /** How many names a detail shows before "and K more". */
  static final int SHOWN = 20;

  private Listing() {}

  static String of(List<String> items) {
    if (items.size() <= SHOWN) {
      return String.join(", ", items);
    }
    return String.join(", ", items.subList(0, SHOWN)) + " and " + (items.size() - SHOWN) + " more";
  }

  static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : noun.endsWith("s") ? "es" : "s");
  }
}

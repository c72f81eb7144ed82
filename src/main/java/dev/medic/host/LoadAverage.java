package dev.medic.host;

/** The run-queue averages of {@code /proc/loadavg} over 1, 5 and 15 minutes. */
record LoadAverage(double load1, double load5, double load15) {

  /** {@code 0.52 0.58 0.59 2/1043 12345}: the first three fields. */
  static LoadAverage parse(String procLoadavg) {
    String[] f = procLoadavg.trim().split("\\s+");
    if (f.length < 3) {
      throw new IllegalArgumentException("expected three load averages in /proc/loadavg, got '" + procLoadavg.strip() + "'");
    }
    return new LoadAverage(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]));
  }
}

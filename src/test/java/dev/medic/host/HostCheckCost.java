package dev.medic.host;

import dev.medic.spi.Bindings;
import dev.medic.spi.Probe;
import dev.medic.spi.ProbeContext;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * What one run of the host check costs, printed (not a test: timings depend on the machine). Run
 * with the test classpath: {@code java -cp target/classes:target/test-classes:... dev.medic.host.HostCheckCost}.
 * CPU is medic's own (its threads) plus the reaped children's ({@code stat -f}), from /proc/self/stat.
 */
public final class HostCheckCost {

  private HostCheckCost() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    measure("disks [/] (one stat -f per run)", new HostCheck(null, null, null, List.of("/"), null, null, null, null,
        null, null, null, null, null, null, null, GpuMode.OFF, null, null), runs);
    measure("disks [] (procfs only, no subprocess)", new HostCheck(null, null, null, List.of(), null, null, null, null,
        null, null, null, null, null, null, null, GpuMode.OFF, null, null), runs);
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    int processes = 0;
    for (int i = 0; i < runs; i++) {
      Zombies.scan(Path.of("/proc"));
    }
    try (var entries = Files.list(Path.of("/proc"))) {
      processes = (int) entries.filter(p -> p.getFileName().toString().matches("\\d+")).count();
    }
    System.out.printf("of which the zombie scan of %d processes: %.2f ms CPU/run%n",
        processes, (os.getProcessCpuTime() - cpu0) / 1e6 / runs);
  }

  private static void measure(String what, HostCheck check, int runs) throws Exception {
    Probe probe = check.create(new ProbeContext("host", Clock.systemUTC(), Bindings.none()));
    for (int i = 0; i < 50; i++) {
      probe.run(Duration.ofSeconds(5)); // warm up: JIT, and the first run's CPU sample
    }
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long children0 = childrenCpuNanos();
    long wall0 = System.nanoTime();
    for (int i = 0; i < runs; i++) {
      probe.run(Duration.ofSeconds(5));
    }
    long wall = System.nanoTime() - wall0;
    long cpu = os.getProcessCpuTime() - cpu0;
    long children = childrenCpuNanos() - children0;
    System.out.printf("%s: %d runs, wall %.2f ms/run, medic CPU %.2f ms/run, children CPU %.2f ms/run%n",
        what, runs, wall / 1e6 / runs, cpu / 1e6 / runs, children / 1e6 / runs);
  }

  /** cutime + cstime of /proc/self/stat: CPU of reaped children, in clock ticks (100 per second). */
  private static long childrenCpuNanos() throws Exception {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // after the name: state(0) ... utime(11) stime(12) cutime(13) cstime(14)
    return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10_000_000L;
  }
}

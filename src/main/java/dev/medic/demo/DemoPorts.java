package dev.medic.demo;

import dev.medic.config.MedicConfig;
import dev.medic.config.TargetConfig;
import dev.medic.spi.CheckSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The ports the demo will listen on, checked before anything starts: a service that cannot bind its
 * port crashes at once and the demo would show medic restarting it in vain.
 */
public final class DemoPorts {

  /** A port the demo needs, and who needs it ({@code checkout}, {@code the API}). */
  public record Port(String host, int port, String user) {}

  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");

  private DemoPorts() {}

  /**
   * The ports of the supervised services (the port each one's checks connect to on this machine,
   * {@link CheckSpec#connectsTo}) and of the API ({@code host:port}, or {@code off}).
   */
  public static List<Port> needed(MedicConfig config, String api) {
    Map<Integer, Port> ports = new LinkedHashMap<>();
    for (TargetConfig t : config.targets()) {
      if (t.process() == null) {
        continue;
      }
      for (CheckSpec c : t.checks()) {
        c.connectsTo().filter(a -> LOOPBACK.contains(a.getHostString())).ifPresent(a ->
            ports.putIfAbsent(a.getPort(), new Port("127.0.0.1", a.getPort(), t.name())));
      }
    }
    int colon = api == null ? -1 : api.lastIndexOf(':');
    if (colon > 0) {
      try {
        int port = Integer.parseInt(api.substring(colon + 1));
        if (port > 0) {
          ports.putIfAbsent(port, new Port(api.substring(0, colon), port, "the API"));
        }
      } catch (NumberFormatException e) {
        // not a port: the agent reports it when it starts
      }
    }
    return List.copyOf(ports.values());
  }

  /**
   * The values of the demo config's port variables: {@code MEDIC_DEMO_CHECKOUT_PORT} and the others,
   * from FIRST up, or ports free right now (what the start-up cache's training run uses, so that it
   * never takes the ports of a demo or a test suite running beside it).
   */
  public static Map<String, String> variables(String option) throws IOException {
    List<String> names = List.of("MEDIC_DEMO_CHECKOUT_PORT", "MEDIC_DEMO_SEARCH_PORT", "MEDIC_DEMO_PRICING_PORT");
    List<Integer> ports;
    if ("free".equals(option)) {
      ports = free(names.size());
    } else {
      int first;
      try {
        first = Integer.parseInt(option);
      } catch (NumberFormatException e) {
        first = -1;
      }
      if (first < 1 || first > 65536 - names.size()) {
        throw new IllegalArgumentException("--service-ports must be a port from 1 to " + (65536 - names.size())
            + " or 'free', got '" + option + "'");
      }
      int from = first;
      ports = IntStream.range(0, names.size()).mapToObj(i -> from + i).toList();
    }
    Map<String, String> vars = new TreeMap<>();
    for (int i = 0; i < names.size(); i++) {
      vars.put(names.get(i), Integer.toString(ports.get(i)));
    }
    return vars;
  }

  /** One line per needed port that something else holds, naming the holder when it can be found. */
  public static List<String> taken(List<Port> ports) {
    List<String> taken = new ArrayList<>();
    for (Port p : ports) {
      if (!free(p)) {
        taken.add("port " + p.port() + " (" + p.user() + ") is taken"
            + PortOwner.of(p.port()).map(owner -> " by " + owner).orElse(""));
      }
    }
    return taken;
  }

  /** {@code n} ports free right now, picked by the kernel (for runs beside other demos or tests). */
  public static List<Integer> free(int n) throws IOException {
    List<ServerSocket> held = new ArrayList<>();
    try {
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        held.add(s); // held until all are picked, so the kernel hands out n different ones
        ports.add(s.getLocalPort());
      }
      return ports;
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
  }

  private static boolean free(Port p) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(p.host(), p.port()));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}

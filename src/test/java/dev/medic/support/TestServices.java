package dev.medic.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Helpers for tests that start real processes and servers. */
public final class TestServices {

  private TestServices() {}

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The argv that starts {@code DemoService} in the given mode on a port, on this test's JDK. */
  public static List<String> demoService(int port, String mode, String after) {
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.add("-XX:TieredStopAtLevel=1");
    argv.add("-cp");
    argv.add(System.getProperty("java.class.path"));
    argv.add("dev.medic.demo.DemoService");
    argv.addAll(List.of("--port", Integer.toString(port), "--mode", mode, "--after", after));
    return argv;
  }

  /** YAML flow list of strings, quoted. */
  public static String yamlList(List<String> items) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < items.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append('"').append(items.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return sb.append(']').toString();
  }
}

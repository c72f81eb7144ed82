package dev.medic.services;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A real supervisord of its own for a test: config, unix socket, pidfile and logs in the test's
 * directory, a {@code worker} running {@code sleep 1000}, {@code dies} that exits during its
 * start, and {@code slow} that takes 30 s to count as started. Stopped by its pid (SIGTERM, then the exit awaited).
 */
final class Supervisord implements AutoCloseable {

  final Path config;
  final Path socket;
  private final Path pidfile;

  private Supervisord(Path config, Path socket, Path pidfile) {
    this.config = config;
    this.socket = socket;
    this.pidfile = pidfile;
  }

  /** Skips loudly without supervisord and supervisorctl on the PATH; under {@code CI=true} fails instead. */
  static void requireInstalled() {
    for (String program : List.of("supervisord", "supervisorctl")) {
      if (CommandLine.problems(program).isEmpty()) {
        continue;
      }
      String message = "*** " + program + " is not installed (Debian package 'supervisor'): this test needs the real one ***";
      if ("true".equals(System.getenv("CI"))) {
        fail(message + " and CI=true, so it fails instead of skipping");
      }
      System.err.println(message + "; skipping");
      Assumptions.abort(message);
    }
  }

  static Supervisord start(Path dir) throws Exception {
    requireInstalled();
    Path socket = dir.resolve("supervisor.sock");
    Path pidfile = dir.resolve("supervisord.pid");
    Path config = dir.resolve("supervisord.conf");
    Files.writeString(config, """
        [unix_http_server]
        file=%1$s

        [supervisord]
        nodaemon=false
        pidfile=%2$s
        logfile=%3$s/supervisord.log
        childlogdir=%3$s
        directory=%3$s

        [rpcinterface:supervisor]
        supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

        [supervisorctl]
        serverurl=unix://%1$s

        [program:worker]
        command=sleep 1000
        startsecs=1
        stopwaitsecs=5

        [program:dies]
        command=/bin/sh -c "exit 3"
        autostart=false
        startsecs=1
        startretries=0

        [program:slow]
        command=sleep 1000
        autostart=false
        startsecs=30
        """.formatted(socket, pidfile, dir));
    Process launcher = new ProcessBuilder("supervisord", "-c", config.toString()).redirectErrorStream(true).start();
    // nodaemon=false: the launcher forks the daemon and exits; the daemon writes its pidfile and socket.
    if (launcher.waitFor() != 0) {
      throw new IllegalStateException("supervisord -c " + config + " failed: "
          + new String(launcher.getInputStream().readAllBytes()));
    }
    Supervisord s = new Supervisord(config, socket, pidfile);
    await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> s.ctl("pid", "worker").matches("\\d+\\s*"));
    return s;
  }

  /** supervisorctl's output for these arguments, with this server's config. */
  String ctl(String... args) throws Exception {
    List<String> argv = new java.util.ArrayList<>(List.of("supervisorctl", "-c", config.toString()));
    argv.addAll(List.of(args));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out;
  }

  long workerPid() throws Exception {
    return Long.parseLong(ctl("pid", "worker").strip());
  }

  /** SIGTERM to supervisord (it stops its programs first), then its exit awaited. */
  void stop() throws IOException {
    if (!Files.exists(pidfile)) {
      return;
    }
    long pid = Long.parseLong(Files.readString(pidfile).strip());
    ProcessHandle.of(pid).ifPresent(h -> {
      h.destroy();
      await().atMost(Duration.ofSeconds(20)).until(() -> !h.isAlive());
    });
  }

  @Override
  public void close() throws IOException {
    stop();
  }
}

package dev.medic.docker;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where a Docker (or Podman) engine's API answers: a unix socket ({@code unix:///var/run/docker.sock})
 * or TCP ({@code tcp://host:2376}, with {@link DockerTls} for an engine that verifies clients).
 * Without {@code host:} medic uses {@code $DOCKER_HOST} as the docker CLI does (with the certificates of
 * {@code $DOCKER_CERT_PATH} when {@code $DOCKER_TLS_VERIFY} is set), else the default socket.
 */
record DockerEndpoint(String host, Path socket, URI http, DockerTls tls) {

  static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

  /** The {@code host:} as configured, {@code $DOCKER_HOST} when absent, else the default socket. */
  static String effectiveHost(String host) {
    if (host != null) {
      return host;
    }
    String env = System.getenv("DOCKER_HOST");
    return env == null || env.isBlank() ? DEFAULT_HOST : env;
  }

  /**
   * @throws IllegalArgumentException naming {@code host} and the bad value
   */
  static DockerEndpoint of(String host, DockerTls tls) {
    String h = effectiveHost(host);
    if (host == null && tls == null) {
      tls = tlsFromEnvironment();
    }
    try {
      return parse(h, tls);
    } catch (IllegalArgumentException e) {
      throw host == null ? new IllegalArgumentException(e.getMessage() + " (from $DOCKER_HOST)") : e;
    }
  }

  /**
   * As the docker CLI: with {@code DOCKER_TLS_VERIFY} set, the certificates in {@code
   * DOCKER_CERT_PATH} (ca.pem, cert.pem, key.pem) go with the {@code $DOCKER_HOST} address.
   */
  private static DockerTls tlsFromEnvironment() {
    String verify = System.getenv("DOCKER_TLS_VERIFY");
    String certs = System.getenv("DOCKER_CERT_PATH");
    if (verify == null || verify.isEmpty() || certs == null || certs.isEmpty()) {
      return null;
    }
    Path dir = Path.of(certs);
    return new DockerTls(dir.resolve("ca.pem").toString(), dir.resolve("cert.pem").toString(),
        dir.resolve("key.pem").toString());
  }

  private static DockerEndpoint parse(String h, DockerTls tls) {
    if (h.startsWith("unix://")) {
      String path = h.substring("unix://".length());
      if (path.isEmpty() || !path.startsWith("/")) {
        throw new IllegalArgumentException("host must be unix:///absolute/path.sock or tcp://host:port, got '" + h + "'");
      }
      if (tls != null && !tls.equals(tlsFromEnvironment())) {
        throw new IllegalArgumentException("tls applies to a tcp:// host, not to the unix socket " + h);
      }
      return new DockerEndpoint(h, Path.of(path), null, null);
    }
    if (h.startsWith("tcp://") || h.startsWith("http://") || h.startsWith("https://")) {
      URI u;
      try {
        u = URI.create(h);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("host '" + h + "' is not a valid address: " + e.getMessage());
      }
      if (u.getHost() == null || u.getPort() < 0) {
        throw new IllegalArgumentException("host must name host and port, like tcp://10.0.0.5:2376, got '" + h + "'");
      }
      boolean secure = tls != null || "https".equals(u.getScheme());
      URI http = URI.create((secure ? "https://" : "http://") + u.getHost() + ":" + u.getPort());
      return new DockerEndpoint(h, null, http, tls);
    }
    throw new IllegalArgumentException("host must be unix:///path/to/docker.sock or tcp://host:port, got '" + h + "'");
  }

  @Override
  public String toString() {
    return host;
  }
}

package dev.medic.tls;

/**
 * Where a certificate is served and the name it must be valid for.
 *
 * @param serverName sent as SNI (unless it is an IP address) and matched against the certificate
 */
record Endpoint(String host, int port, String serverName) {

  Endpoint {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host is required: the server to connect to");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, got " + port);
    }
    serverName = serverName == null ? host : serverName;
    if (serverName.isBlank()) {
      throw new IllegalArgumentException("server_name must not be empty");
    }
  }

  static Endpoint of(String host, Integer port, String serverName) {
    return new Endpoint(host, port == null ? 443 : port, serverName);
  }

  boolean serverNameIsIp() {
    String n = serverName;
    if (n.indexOf(':') >= 0) {
      return true; // IPv6
    }
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      if (c != '.' && (c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    String address = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    return serverName.equals(host) ? address : address + " (server_name " + serverName + ")";
  }
}

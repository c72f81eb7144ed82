package dev.medic.config;

/**
 * The API's listen address, {@code host:port} ({@code [::1]:8787} for IPv6); port 0 picks a free one.
 * Parsed once, by the config loader, so that a bad address is a config error with its line.
 */
public record ApiAddress(String host, int port) {

  public ApiAddress {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("api needs a host, as in 127.0.0.1:8787");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("api port must be 0..65535 (0 picks a free one), got " + port);
    }
  }

  public static ApiAddress parse(String address) {
    int colon = address.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("api must be host:port or 'off', got '" + address + "'");
    }
    String port = address.substring(colon + 1);
    if (!port.matches("\\d{1,5}")) {
      throw new IllegalArgumentException("api must be host:port or 'off' with a numeric port, got '" + address + "'");
    }
    return new ApiAddress(address.substring(0, colon), Integer.parseInt(port));
  }
}

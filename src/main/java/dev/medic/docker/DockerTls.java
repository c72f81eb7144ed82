package dev.medic.docker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Client certificates for a Docker engine listening on TCP with {@code --tlsverify} (port 2376),
 * as PEM files, the same three files the docker CLI reads from {@code DOCKER_CERT_PATH}.
 *
 * @param ca the CA certificate that signed the engine's certificate ({@code ca.pem})
 * @param cert this client's certificate ({@code cert.pem})
 * @param key this client's private key ({@code key.pem}): PKCS#8 ({@code BEGIN PRIVATE KEY}) or
 *     PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}); never printed
 */
public record DockerTls(String ca, String cert, String key) {

  public DockerTls {
    if (ca == null || ca.isBlank()) {
      throw new IllegalArgumentException("tls.ca must name the CA certificate file (ca.pem)");
    }
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException("tls.cert and tls.key go together: give both or neither");
    }
  }

  /** Files that are missing or unreadable now, so validate reports them before the first run. */
  List<String> unreadable() {
    List<String> missing = new ArrayList<>();
    for (String f : cert == null ? List.of(ca) : List.of(ca, cert, key)) {
      if (!Files.isReadable(Path.of(f))) {
        missing.add(f);
      }
    }
    return missing;
  }

  @Override
  public String toString() {
    return "DockerTls[ca=" + ca + ", cert=" + cert + ", key=" + (key == null ? "none" : "***") + "]";
  }
}

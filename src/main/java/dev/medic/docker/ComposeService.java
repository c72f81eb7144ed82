package dev.medic.docker;

/**
 * A service of a Docker Compose project, found by the labels Compose puts on its containers
 * ({@code com.docker.compose.project} and {@code com.docker.compose.service}).
 *
 * @param project the Compose project name ({@code -p}, or the directory name)
 * @param service the service name in the compose file
 */
public record ComposeService(String project, String service) {

  public ComposeService {
    if (project == null || project.isBlank()) {
      throw new IllegalArgumentException("compose.project must name the Compose project, got '" + project + "'");
    }
    if (service == null || service.isBlank()) {
      throw new IllegalArgumentException("compose.service must name a service of the project, got '" + service + "'");
    }
  }
}

package dev.medic.services;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * How supervisorctl's restart output is judged, for what the supervisor installed here does not
 * produce: other versions' exit codes (0 after an ERROR), warnings around the output, a partly
 * failed group.
 */
class SupervisorctlOutputTest {

  @Test
  void stoppedThenStartedIsSuccess() {
    assertThat(SupervisorctlOutput.failure(0, "web:worker: stopped\nweb:worker: started\n")).isNull();
  }

  @Test
  void anErrorIsFailureEvenWhenTheExitCodeSaysZero() {
    assertThat(SupervisorctlOutput.failure(0, "worker: ERROR (not running)\nworker: ERROR (spawn error)\n"))
        .isEqualTo("worker: spawn error (the program exited before startsecs or could not start; see its log)");
    assertThat(SupervisorctlOutput.failure(0, "worker: stopped\nworker: ERROR (abnormal termination)\n"))
        .isEqualTo("worker: abnormal termination (the program stopped while starting)");
  }

  @Test
  void oneFailedMemberOfAGroupFailsTheRestart() {
    assertThat(SupervisorctlOutput.failure(0, """
        web:a: stopped
        web:b: stopped
        web:a: started
        web:b: ERROR (spawn error)
        """)).startsWith("web:b: spawn error");
  }

  @Test
  void anUnreachableServerIsFailure() {
    assertThat(SupervisorctlOutput.failure(0, "http://127.0.0.1:9001 refused connection\n"))
        .isEqualTo("supervisord is not reachable: http://127.0.0.1:9001 refused connection");
    assertThat(SupervisorctlOutput.failure(1,
        "error: <class 'xmlrpc.client.Fault'>, <Fault 6: 'SHUTDOWN_STATE'>: file: /usr/lib/python3.11/xmlrpc/client.py\n"))
        .startsWith("supervisord is not reachable: error: <class");
  }

  @Test
  void warningsAroundAStartedLineDoNotFailIt() {
    assertThat(SupervisorctlOutput.failure(0, "/usr/lib/python3/dist-packages/supervisor/options.py:13: UserWarning:"
        + " pkg_resources is deprecated as an API.\nworker: stopped\nworker: started\n")).isNull();
  }

  @Test
  void noStartedLineOrANonZeroExitIsFailure() {
    assertThat(SupervisorctlOutput.failure(0, "")).isEqualTo("no process reported started");
    assertThat(SupervisorctlOutput.failure(2, "worker: started\n")).isEqualTo("exit 2");
  }
}

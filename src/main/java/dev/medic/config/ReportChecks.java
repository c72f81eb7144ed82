package dev.medic.config;

import dev.medic.spi.ChannelSpec;
import dev.medic.spi.ReportChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks of {@code reports:} against the rest of the file: unique names, channels that exist and can
 * carry a report, labels that pick at least one target.
 */
final class ReportChecks {

  private ReportChecks() {}

  static List<ConfigException.Problem> check(String file, YamlIndex index, MedicConfig config, ConfigBinder.Positions at) {
    List<ConfigException.Problem> problems = new ArrayList<>();
    Map<String, ChannelSpec> channels = new HashMap<>();
    config.escalation().channels().forEach(c -> channels.put(c.name(), c));
    List<String> carriers = config.escalation().channels().stream()
        .filter(c -> c instanceof ReportChannel).map(ChannelSpec::name).toList();
    Map<String, Integer> names = new HashMap<>();
    for (int i = 0; i < config.reports().size(); i++) {
      ReportConfig r = config.reports().get(i);
      String path = "reports[" + at.report(i) + "]";
      Integer first = names.putIfAbsent(r.name(), at.report(i));
      if (first != null) {
        problems.add(ProblemWording.at(file, index, path + ".name",
            "duplicate report name '" + r.name() + "' (also reports[" + first + "])"));
      }
      if (r.channels().isEmpty()) {
        problems.add(ProblemWording.at(file, index, path, "report '" + r.name()
            + "' needs channels: (names from escalation.channels that can carry reports" + canBe(carriers) + ")"));
      }
      for (int c = 0; c < r.channels().size(); c++) {
        String name = r.channels().get(c);
        ChannelSpec channel = channels.get(name);
        String field = path + ".channels[" + c + "]";
        if (channel == null) {
          problems.add(ProblemWording.at(file, index, field, "report '" + r.name() + "' names unknown channel '" + name
              + "'" + (channels.isEmpty() ? " (expected a name from escalation.channels, which lists none)"
              : ProblemWording.hint(name, List.copyOf(channels.keySet())))));
        } else if (!(channel instanceof ReportChannel)) {
          problems.add(ProblemWording.at(file, index, field, "report '" + r.name() + "' names channel '" + name
              + "', which cannot carry reports (pagerduty, opsgenie, twilio, alertmanager and cdevents page about"
              + " incidents only; telegram, slack, discord, teams, ntfy, email and webhook can" + canBe(carriers) + ")"));
        }
      }
      if (!r.labels().isEmpty() && config.targets().stream().noneMatch(t -> r.covers(t.labels()))) {
        problems.add(ProblemWording.at(file, index, path + ".labels", "report '" + r.name() + "' selects no target:"
            + " no target carries all of the labels " + r.labels() + " (expected labels some target has)"));
      }
    }
    return problems;
  }

  private static String canBe(List<String> carriers) {
    return carriers.isEmpty() ? "; none is configured" : "; here: " + String.join(", ", carriers);
  }
}

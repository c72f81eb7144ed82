package dev.medic;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import dev.medic.spi.ActionSpec;
import dev.medic.spi.ChannelSpec;
import dev.medic.spi.CheckSpec;
import java.util.List;

/**
 * The layering that keeps a new technology one package plus one line in {@code
 * dev.medic.runtime.Plugins}: the core (the loop from config to store and API) knows kinds only
 * through {@code dev.medic.spi}, and only the runtime's plugin list names a technology. Production
 * classes only: tests may build any spec they exercise.
 */
@AnalyzeClasses(packages = "dev.medic", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /**
   * The loop and what plugins are written against, with their subpackages, except {@code notify}'s:
   * those are channel plugins.
   */
  static final String[] CORE = {
    "dev.medic.spi", "dev.medic.config", "dev.medic.schedule", "dev.medic.detect", "dev.medic.incident",
    "dev.medic.heal", "dev.medic.notify", "dev.medic.store", "dev.medic.api", "dev.medic.report", "dev.medic.silence",
    "dev.medic.analyze"
  };

  /** What wires the core to the plugins and runs it: the only places that may name a technology's classes. */
  static final List<String> COMPOSITION =
      List.of("dev.medic.cli", "dev.medic.demo", "dev.medic.runtime");

  /** Where spec classes may be named besides their own package: the one list of plugins. */
  static final String RUNTIME = "dev.medic.runtime";

  /**
   * Clients of the systems medic watches. They belong to the technology that talks to them; the
   * core stays free of them so a technology can change its client without touching the loop.
   */
  static final String[] DRIVERS = {"org.postgresql..", "redis.clients..", "com.rabbitmq..", "org.mariadb.."};

  /**
   * medic's own database stack. The store owns persistence, so it alone may use SQLite and the
   * libraries around it; the rest of the core talks to the {@code Store} interface. ({@code
   * java.sql} is the JDK's and stays allowed: a cause chain may name an {@code SQLException}.)
   */
  static final String[] STORE_STACK = {"org.sqlite..", "org.jdbi..", "org.flywaydb..", "com.zaxxer.hikari.."};

  private static final DescribedPredicate<JavaClass> IN_CORE = DescribedPredicate.describe(
      "are in the core " + List.of(CORE), c -> core(c.getPackageName()));

  private static final DescribedPredicate<JavaClass> TECHNOLOGY = DescribedPredicate.describe(
      "are in a technology package (http, tcp, dns, process, sql, postgres, mysql, redis, rabbitmq, notify.<channel>, ...)",
      c -> technology(c.getPackageName()));

  @ArchTest
  static final ArchRule coreImportsNoTechnology = noClasses()
      .that(IN_CORE)
      .should().dependOnClassesThat(TECHNOLOGY)
      .orShould().dependOnClassesThat().resideInAnyPackage(DRIVERS)
      .because("the core sees kinds only through dev.medic.spi; a technology is added by a plugin");

  @ArchTest
  static final ArchRule onlyTheStoreUsesTheStoreDatabase = noClasses()
      .that(IN_CORE).and().resideOutsideOfPackage("dev.medic.store..")
      .should().dependOnClassesThat().resideInAnyPackage(STORE_STACK)
      .because("persistence is the store's; the rest of the core uses the Store interface");

  /**
   * Top-level packages form no cycle. A channel plugin under {@code notify} is a slice of its own,
   * as it is a technology like {@code http} and may use one (the webhook channel uses the HTTP
   * values), which would otherwise read as a cycle through the core {@code notify}.
   */
  @ArchTest
  static final ArchRule topLevelPackagesAreFreeOfCycles = slices()
      .assignedFrom(new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
          String rest = c.getPackageName().startsWith("dev.medic.")
              ? c.getPackageName().substring("dev.medic.".length())
              : "";
          if (rest.isEmpty()) {
            return SliceIdentifier.ignore();
          }
          String[] parts = rest.split("\\.");
          return parts[0].equals("notify") && parts.length > 1
              ? SliceIdentifier.of("notify." + parts[1])
              : SliceIdentifier.of(parts[0]);
        }

        @Override
        public String getDescription() {
          return "top-level packages of dev.medic, each notify channel on its own";
        }
      })
      .should().beFreeOfCycles();

  @ArchTest
  static final ArchRule specsAreNamedOnlyByTheirPlugin = classes()
      .that().areAssignableTo(CheckSpec.class)
      .or().areAssignableTo(ActionSpec.class)
      .or().areAssignableTo(ChannelSpec.class)
      .or().areAssignableTo(dev.medic.spi.AnalystSpec.class)
      .and().areNotInterfaces()
      .should(beReferencedOnlyFromTheirPackageOrTheRuntime());

  /**
   * A package of medic that is neither core nor composition: a plugin's (http, tcp, dns, postgres,
   * notify.webhook, ...). Read this way, a new plugin package is covered without a change here.
   */
  static boolean technology(String pkg) {
    return pkg.startsWith("dev.medic.") && !core(pkg) && COMPOSITION.stream().noneMatch(c -> within(pkg, c));
  }

  static boolean core(String pkg) {
    for (String c : CORE) {
      if (pkg.equals(c) || (within(pkg, c) && !c.equals("dev.medic.notify"))) {
        return true;
      }
    }
    return false;
  }

  private static boolean within(String pkg, String parent) {
    return pkg.equals(parent) || pkg.startsWith(parent + ".");
  }

  /**
   * A spec class is the config of one kind: the cli, the demo and the core use it as a
   * {@code CheckSpec} (or action, channel) and ask the spi what they need to know.
   */
  private static ArchCondition<JavaClass> beReferencedOnlyFromTheirPackageOrTheRuntime() {
    return new ArchCondition<>("be referenced only from their own package and " + RUNTIME) {
      @Override
      public void check(JavaClass spec, ConditionEvents events) {
        for (Dependency d : spec.getDirectDependenciesToSelf()) {
          String from = d.getOriginClass().getPackageName();
          boolean allowed = from.equals(spec.getPackageName()) || from.equals(RUNTIME);
          if (!allowed) {
            events.add(SimpleConditionEvent.violated(d, d.getDescription()));
          }
        }
      }
    };
  }
}

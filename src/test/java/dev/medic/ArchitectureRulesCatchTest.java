package dev.medic;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.medic.http.HttpCheck;
import dev.medic.notify.ArchitectureViolations;
import dev.medic.notify.Escalator;
import dev.medic.notify.webhook.WebhookChannel;
import org.junit.jupiter.api.Test;

/** Each of {@link ArchitectureTest}'s rules fails on a class that breaks it, and only then. */
class ArchitectureRulesCatchTest {

  private static EvaluationResult evaluate(ArchRule rule, Class<?>... classes) {
    JavaClasses imported = new ClassFileImporter().importClasses(classes);
    return rule.evaluate(imported);
  }

  @Test
  void theCoreNamingATechnologysSpecIsCaught() {
    EvaluationResult r = evaluate(ArchitectureTest.coreImportsNoTechnology,
        ArchitectureViolations.NamesATechnology.class, HttpCheck.class);

    assertThat(r.hasViolation()).isTrue();
    assertThat(r.getFailureReport().getDetails()).anyMatch(d -> d.contains("NamesATechnology") && d.contains("HttpCheck"));
  }

  @Test
  void theCoreHoldingADriverIsCaught() {
    EvaluationResult r = evaluate(ArchitectureTest.coreImportsNoTechnology, ArchitectureViolations.HoldsADriver.class);

    assertThat(r.getFailureReport().getDetails()).anyMatch(d -> d.contains("redis.clients.jedis.Jedis"));
  }

  @Test
  void aChannelPluginUnderNotifyMayUseATechnologyWhileNotifyItselfIsChecked() {
    EvaluationResult r = evaluate(ArchitectureTest.coreImportsNoTechnology, WebhookChannel.class, Escalator.class);

    assertThat(r.hasViolation()).as(r.getFailureReport().toString()).isFalse();
  }

  @Test
  void theCoreOutsideTheStoreReachingSqliteIsCaught() {
    EvaluationResult r = evaluate(ArchitectureTest.onlyTheStoreUsesTheStoreDatabase,
        ArchitectureViolations.ReachesIntoTheStore.class);

    assertThat(r.getFailureReport().getDetails()).anyMatch(d -> d.contains("org.sqlite.SQLiteException"));
  }

  @Test
  void aSpecNamedOutsideItsPackageAndTheRuntimeIsCaught() {
    EvaluationResult r = evaluate(ArchitectureTest.specsAreNamedOnlyByTheirPlugin,
        ArchitectureViolations.NamesATechnology.class, HttpCheck.class);

    assertThat(r.getFailureReport().getDetails())
        .anyMatch(d -> d.contains("NamesATechnology") && d.contains("instanceof <dev.medic.http.HttpCheck>"));
  }
}

package dev.medic.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medic.spi.Analysis;
import dev.medic.spi.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped fixtures, read from main resources (the one copy), scored with the rule analyst. */
class ScorecardTest {

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-30T10:10:00Z"), ZoneOffset.UTC);
  private final Scorecard scorecard = new Scorecard(Scorecard.fixtureMapper());

  @Test
  void shipsAtLeastTwentyFourFixturesEachWithAKnownRootCause() throws IOException {
    List<Scorecard.Fixture> fixtures = scorecard.loadShipped();

    assertThat(fixtures).hasSizeGreaterThanOrEqualTo(24);
    assertThat(fixtures).allSatisfy(f -> {
      assertThat(f.rootTarget()).isNotBlank();
      assertThat(f.rootCondition()).isNotBlank();
      assertThat(f.scenario()).isNotBlank();
      assertThat(f.bundle().incident().target()).isNotBlank();
    });
    assertThat(fixtures).extracting(Scorecard.Fixture::name).doesNotHaveDuplicates().isSorted();
  }

  @Test
  void theRuleAnalystFindsAtLeastThreeQuartersOfTheShippedRootCauses() throws IOException {
    Scorecard.Result result = scorecard.score("rules", scorecard.loadShipped(), new RuleAnalyst(clock)::analyze);
    System.out.print(result.report());

    assertThat(result.accuracy()).isGreaterThanOrEqualTo(0.75);
    assertThat(result.targetHits()).isGreaterThanOrEqualTo(result.hits());
    assertThat(result.report()).contains(result.accuracyLine());
  }

  @Test
  void countsATopOneHitOnlyWhenTargetAndConditionBothMatch() throws IOException {
    List<Scorecard.Fixture> fixtures = scorecard.loadShipped().subList(0, 3);
    // Right target, wrong condition on the first; everything right on the second; a throw on the third.
    Scorecard.Result result = scorecard.score("fake", fixtures, bundle -> {
      Scorecard.Fixture f = fixtures.stream().filter(x -> x.bundle() == bundle).findFirst().orElseThrow();
      int i = fixtures.indexOf(f);
      if (i == 2) {
        throw new IllegalStateException("model unreachable");
      }
      return new Analysis(0, 1, "fake", clock.instant(), Verdict.ERRORS_INVESTIGATE, f.rootTarget(),
          i == 0 ? "something_else" : f.rootCondition(), null, "", 0.5, List.of(), List.of(), List.of(), null, null,
          null);
    });

    assertThat(result.lines()).extracting(Scorecard.Line::hit).containsExactly(false, true, false);
    assertThat(result.lines()).extracting(Scorecard.Line::targetHit).containsExactly(true, true, false);
    assertThat(result.accuracyLine()).isEqualTo("top-1 accuracy: 1/3 (33.3 %)");
    assertThat(result.targetLine()).isEqualTo("root target only: 2/3 (66.7 %)");
    assertThat(result.report()).contains("IllegalStateException: model unreachable");
  }

  @Test
  void aFailedAnalysisScoresAMissEvenWhenItNamesTheTarget() throws IOException {
    List<Scorecard.Fixture> one = scorecard.loadShipped().subList(0, 1);
    Scorecard.Result result = scorecard.score("llm", one,
        b -> Analysis.failed(b.incident().id(), "llm", clock.instant(), "unreadable reply", null));

    assertThat(result.hits()).isZero();
    assertThat(result.report()).contains("failed: unreadable reply");
  }

  @Test
  void aFixtureWithoutItsExpectedRootIsRefusedNamingFileAndField(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("01-bad.json"), """
        {"expected": {"root_target": "db"}, "bundle": {"incident": {"id": 1, "target": "api"}}}
        """);

    assertThatThrownBy(() -> scorecard.load(dir))
        .hasMessageContaining("01-bad.json")
        .hasMessageContaining("expected.root_condition is required");
  }
}

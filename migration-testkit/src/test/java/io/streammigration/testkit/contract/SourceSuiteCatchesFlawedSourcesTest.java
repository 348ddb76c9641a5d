package io.streammigration.testkit.contract;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.checkpoint.Checkpoint;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.SourceContext;
import io.streammigration.core.spi.SourceInterceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The source suite must fail sources that break the contract, each in the test that names it. */
class SourceSuiteCatchesFlawedSourcesTest {

  @Test
  void theUnflawedSourcePassesTheTestsUsedBelow() {
    FlawedSourceSuite suite = new FlawedSourceSuite(new SourceInterceptor() {});
    assertThatCode(suite::openWithCheckpointDeliversExactlyTheRecordsAfterItsPositions)
        .doesNotThrowAnyException();
    assertThatCode(suite::boundedSourceReportsEndOfInputOnlyAfterItsLastRecord)
        .doesNotThrowAnyException();
    assertThatCode(suite::positionsStrictlyIncreaseWithinEachPartitionWhateverThePollSize)
        .doesNotThrowAnyException();
  }

  @Test
  void aSourceThatRedeliversTheCheckpointedRecordFailsTheResumeTest() {
    FlawedSourceSuite suite =
        new FlawedSourceSuite(
            new SourceInterceptor() {
              @Override
              public void open(SourceContext context, Optional<Checkpoint> resume, Source next) {
                next.open(context, resume.map(SourceSuiteCatchesFlawedSourcesTest::oneEarlier));
              }
            });
    assertThatThrownBy(suite::openWithCheckpointDeliversExactlyTheRecordsAfterItsPositions)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void aSourceThatIgnoresTheCheckpointFailsTheResumeTests() {
    FlawedSourceSuite suite =
        new FlawedSourceSuite(
            new SourceInterceptor() {
              @Override
              public void open(SourceContext context, Optional<Checkpoint> resume, Source next) {
                next.open(context, Optional.empty());
              }
            });
    assertThatThrownBy(suite::openWithCheckpointDeliversExactlyTheRecordsAfterItsPositions)
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(suite::openAtTheLastRecordOfEveryPartitionDeliversNothing)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void aSourceThatEndsEarlyFailsTheEndOfInputTest() {
    FlawedSourceSuite suite =
        new FlawedSourceSuite(
            new SourceInterceptor() {
              @Override
              public boolean isEndOfInput(Source next) {
                return true;
              }
            });
    assertThatThrownBy(suite::boundedSourceReportsEndOfInputOnlyAfterItsLastRecord)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void aSourceThatReordersABatchFailsTheOrderTest() {
    FlawedSourceSuite suite =
        new FlawedSourceSuite(
            new SourceInterceptor() {
              @Override
              public List<Record> poll(int maxRecords, Duration timeout, Source next) {
                List<Record> batch = new ArrayList<>(next.poll(maxRecords, timeout));
                Collections.reverse(batch);
                return batch;
              }
            });
    assertThatThrownBy(suite::positionsStrictlyIncreaseWithinEachPartitionWhateverThePollSize)
        .isInstanceOf(AssertionError.class);
  }

  private static Checkpoint oneEarlier(Checkpoint checkpoint) {
    Checkpoint.Builder b = Checkpoint.builder(checkpoint.id());
    checkpoint
        .positions()
        .forEach(
            (p, pos) -> {
              if (pos.offset() > 0) {
                b.position(p, Position.of(pos.segment(), pos.offset() - 1));
              }
            });
    return b.build();
  }
}

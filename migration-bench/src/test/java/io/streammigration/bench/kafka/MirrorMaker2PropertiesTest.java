package io.streammigration.bench.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The MirrorMaker 2 configuration says what the benchmark claims: MirrorMaker 2 drops worker and
 * Connect connector settings given at the top level without a word, so a misplaced prefix turns
 * an "exactly-once" baseline into an at-least-once one.
 */
class MirrorMaker2PropertiesTest {

  private static final Contender.Job JOB = new Contender.Job("127.0.0.1:9092", "bench-source", "srcr1.bench-source", 8, 1000, "r1");

  @Test
  void exactlyOnceSettingsSitUnderTheTargetAndFlowPrefixesWhereMirrorMakerReadsThem() throws IOException {
    Properties p = load(MirrorMaker2.properties(JOB, "srcr1", "dstr1", true));

    assertThat(p.getProperty("dstr1.exactly.once.source.support")).isEqualTo("enabled");
    assertThat(p.getProperty("srcr1->dstr1.transaction.boundary")).isEqualTo("interval");
    assertThat(p.getProperty("srcr1->dstr1.transaction.boundary.interval.ms")).isEqualTo("100");
    assertThat(p.getProperty("dstr1.offset.flush.interval.ms")).isEqualTo("100");
    assertThat(p.getProperty("srcr1->dstr1.tasks.max")).isEqualTo("1");
    assertThat(p.stringPropertyNames())
        .doesNotContain("exactly.once.source.support", "transaction.boundary", "offset.flush.interval.ms");
  }

  @Test
  void atLeastOnceHasNoTransactionSettings() throws IOException {
    Properties p = load(MirrorMaker2.properties(JOB, "srcr1", "dstr1", false));

    assertThat(p.stringPropertyNames()).noneMatch(name -> name.contains("exactly.once") || name.contains("transaction"));
  }

  @Test
  void theSourceTaskGetsTheProducerSettingsOfEveryOtherContender() throws IOException {
    Properties p = load(MirrorMaker2.properties(JOB, "srcr1", "dstr1", false));

    assertThat(p.getProperty("dstr1.producer.enable.idempotence")).isEqualTo("true");
    assertThat(p.getProperty("dstr1.producer.acks")).isEqualTo("all");
    assertThat(p.getProperty("dstr1.producer.max.in.flight.requests.per.connection")).isEqualTo("5");
  }

  @Test
  void onlyTheOneTopicIsMirroredAndNothingFlowsBack() throws IOException {
    Properties p = load(MirrorMaker2.properties(JOB, "srcr1", "dstr1", true));

    assertThat(p.getProperty("srcr1->dstr1.topics")).isEqualTo("bench-source");
    assertThat(p.getProperty("srcr1->dstr1.enabled")).isEqualTo("true");
    assertThat(p.getProperty("dstr1->srcr1.enabled")).isEqualTo("false");
    assertThat(p.getProperty("heartbeats.replication.enabled")).isEqualTo("false");
  }

  @Test
  void aTopicNameThatIsNotItsOwnExactFilterIsRefused() {
    Contender.Job dotted = new Contender.Job("127.0.0.1:9092", "bench.source", "x", 8, 1000, "r1");

    assertThatThrownBy(() -> MirrorMaker2.properties(dotted, "srcr1", "dstr1", true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bench.source");
  }

  private static Properties load(String text) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(text));
    return p;
  }
}

package io.streammigration.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class VerificationReportJsonTest {

  private static final PartitionDigest SOURCE = new PartitionDigest(3, "aa", -1L, 5L);
  private static final PartitionDigest DESTINATION = new PartitionDigest(2, "bb", 7L, 5L);

  private static VerificationReport report(String partitionName) {
    PartitionId id = PartitionId.of(partitionName);
    RecordSummary missing =
        new RecordSummary(id, Position.of(2, 9), 17, 3, -1, 1, "6b6579", "");
    PartitionReport p =
        new PartitionReport(
            id,
            SOURCE,
            DESTINATION,
            DESTINATION,
            Optional.of(new Divergence(2, Optional.of(missing), Optional.empty())),
            1,
            0,
            0,
            0,
            0,
            0,
            true);
    Findings findings =
        new Findings(
            new TreeMap<>(Map.of(id, p)),
            new LatencyPercentiles(2, 5, 6, 7, 7, 8),
            Optional.of(new ErrorCounts(10, 1, 1)),
            ReadStop.END_OF_INPUT,
            ReadStop.IDLE);
    List<Gate> gates =
        List.of(
            Gate.exactEquality(), Gate.maxP99Latency(Duration.ofMillis(7)), Gate.maxErrorRatio(0.1));
    return new VerificationReport(findings, gates.stream().map(g -> g.evaluate(findings)).toList());
  }

  @Test
  void jsonParsesBackWithEveryDocumentedField() {
    VerificationReport report = report("orders-3");

    Map<?, ?> json = (Map<?, ?>) JsonText.parse(report.toJson());

    assertThat(json.get("passed")).isEqualTo(false);
    assertThat(json.get("sourceStop")).isEqualTo("END_OF_INPUT");
    assertThat(json.get("destinationStop")).isEqualTo("IDLE");
    assertThat(json.get("sourceRecords")).isEqualTo(3L);
    assertThat(json.get("destinationRecords")).isEqualTo(2L);
    List<?> gates = (List<?>) json.get("gates");
    assertThat(gates).hasSize(3);
    assertThat(((Map<?, ?>) gates.get(0)).get("passed")).isEqualTo(false);
    assertThat(((Map<?, ?>) gates.get(1)).get("passed")).isEqualTo(true);
    assertThat(((Map<?, ?>) gates.get(2)).get("passed")).isEqualTo(false);
    assertThat((String) ((Map<?, ?>) gates.get(2)).get("reason")).contains("0.2", "> 0.1");
    assertThat(((Map<?, ?>) json.get("latencyMillis")).get("p90")).isEqualTo(6L);
    assertThat(((Map<?, ?>) json.get("errors")).get("deadLetters")).isEqualTo(1L);

    Map<?, ?> partition = (Map<?, ?>) ((List<?>) json.get("partitions")).get(0);
    assertThat(partition.get("partition")).isEqualTo("orders-3");
    assertThat(partition.get("identical")).isEqualTo(false);
    assertThat(partition.get("missing")).isEqualTo(1L);
    assertThat(((Map<?, ?>) partition.get("source")).get("multisetSum"))
        .isEqualTo("ffffffffffffffff");
    Map<?, ?> divergence = (Map<?, ?>) partition.get("firstDivergence");
    assertThat(divergence.get("index")).isEqualTo(2L);
    assertThat(divergence.get("destination")).isNull();
    Map<?, ?> source = (Map<?, ?>) divergence.get("source");
    assertThat(source.get("position")).isEqualTo("2:9");
    assertThat(source.get("valueSize")).isEqualTo(-1L);
    assertThat(source.get("keyPrefix")).isEqualTo("6b6579");
  }

  @Test
  void partitionNamesWithQuotesAndControlCharactersStayValidJson() {
    String name = "we\"ird\\part\n\u0001\u007f";

    String json = report(name).toJson();

    Map<?, ?> parsed = (Map<?, ?>) JsonText.parse(json);
    Map<?, ?> partition = (Map<?, ?>) ((List<?>) parsed.get("partitions")).get(0);
    assertThat(partition.get("partition")).isEqualTo(name);
    assertThat(json.chars()).noneMatch(c -> c < 0x20);
  }

  @Test
  void summaryNamesVerdictGatesAndDivergence() {
    String summary = report("p0").summary();

    assertThat(summary)
        .startsWith("Verification FAILED")
        .contains("exact-equality: FAILED", "max-p99-latency: passed", "p99=7")
        .contains("first divergence #2: source p0@2:9 key=3B[6b6579] value=tombstone")
        .contains("destination (none)");
  }
}

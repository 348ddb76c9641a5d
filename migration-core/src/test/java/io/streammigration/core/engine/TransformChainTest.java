package io.streammigration.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Transform;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransformChainTest {

  private static Record record(String value) {
    return new Record(null, value.getBytes(), Headers.EMPTY, 0, PartitionId.of("p"), Position.of(0));
  }

  private static String valueOf(Record r) {
    return new String(r.value());
  }

  @Test
  void withoutTransformsEveryRecordPassesUnchanged() {
    List<Record> out = new ArrayList<>();
    TransformChain chain = new TransformChain(List.of(), out);
    Record r = record("a");
    chain.apply(r);
    assertThat(out).containsExactly(r);
  }

  @Test
  void transformsRunInOrderAndFlatMapFansOut() {
    List<Record> out = new ArrayList<>();
    TransformChain chain =
        new TransformChain(
            List.of(
                Transform.map(r -> r.withValue((valueOf(r) + "1").getBytes())),
                Transform.flatMap(r -> List.of(r, r.withValue((valueOf(r) + "x").getBytes()))),
                Transform.filter(r -> !valueOf(r).endsWith("x")),
                Transform.map(r -> r.withValue((valueOf(r) + "2").getBytes()))),
            out);
    chain.apply(record("a"));
    chain.apply(record("b"));
    assertThat(out).extracting(TransformChainTest::valueOf).containsExactly("a12", "b12");
  }
}

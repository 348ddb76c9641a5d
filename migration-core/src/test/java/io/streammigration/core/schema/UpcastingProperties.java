package io.streammigration.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.record.Header;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Transform;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * A chain of upcasters applied by one {@link Upcasting} equals both the direct composition of the
 * steps' value mappings and a pipeline of one-step {@code Upcasting}s, from every start version.
 */
class UpcastingProperties {

  private static final String HEADER = "v";

  /** Step {@code code}: one of four simple, order-sensitive byte mappings, chosen by the code. */
  private static UnaryOperator<byte[]> step(int code) {
    byte arg = (byte) (code >> 2);
    return switch (code & 3) {
      case 0 -> v -> append(v, arg);
      case 1 -> v -> xor(v, arg);
      case 2 -> UpcastingProperties::reverse;
      default -> v -> v.length == 0 ? v : Arrays.copyOfRange(v, 1, v.length);
    };
  }

  @Property(tries = 300)
  void chainAppliedStepByStepEqualsTheDirectMapping(
      @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 1023) Integer> steps,
      @ForAll @IntRange(min = 0, max = 5) int first,
      @ForAll @IntRange(min = 0, max = 8) int startOffset,
      @ForAll byte[] value) {
    int target = first + steps.size();
    int start = first + Math.min(startOffset, steps.size());
    Upcasting.Builder whole = Upcasting.builder().versionFromHeader(HEADER).target(target);
    List<Transform> oneStepEach = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      Upcaster upcaster = Upcaster.ofValue(step(steps.get(i)));
      whole.register(first + i, upcaster);
      oneStepEach.add(
          Upcasting.builder()
              .versionFromHeader(HEADER)
              .register(first + i, upcaster)
              .target(first + i + 1)
              .build());
    }
    Record input = record(start, value);

    byte[] direct = value;
    for (int i = start - first; i < steps.size(); i++) {
      direct = step(steps.get(i)).apply(direct);
    }
    Record viaChain = whole.build().upcast(input);
    Record viaPipeline = input;
    for (Transform t : oneStepEach.subList(start - first, steps.size())) {
      List<Record> out = new ArrayList<>(1);
      t.apply(viaPipeline, out::add);
      viaPipeline = out.get(0);
    }

    assertThat(viaChain.value()).isEqualTo(direct);
    assertThat(viaChain).isEqualTo(viaPipeline);
    if (start == target) {
      assertThat(viaChain).isSameAs(input);
    } else {
      assertThat(viaChain.headers().lastValue(HEADER))
          .isEqualTo(Integer.toString(target).getBytes(StandardCharsets.US_ASCII));
    }
  }

  @Property(tries = 300)
  void asciiDecimalHeadersParseAsTheirIntValue(@ForAll @IntRange(min = 0) int version) {
    byte[] text = Integer.toString(version).getBytes(StandardCharsets.US_ASCII);
    assertThat(HeaderVersion.parse(text)).isEqualTo(version);
  }

  private static Record record(int version, byte[] value) {
    return new Record(
        null,
        value,
        Headers.of(Header.ofUtf8(HEADER, Integer.toString(version))),
        0L,
        PartitionId.of("p"),
        Position.of(0));
  }

  private static byte[] append(byte[] v, byte b) {
    byte[] out = Arrays.copyOf(v, v.length + 1);
    out[v.length] = b;
    return out;
  }

  private static byte[] xor(byte[] v, byte k) {
    byte[] out = v.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] ^= k;
    }
    return out;
  }

  private static byte[] reverse(byte[] v) {
    byte[] out = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[v.length - 1 - i];
    }
    return out;
  }
}

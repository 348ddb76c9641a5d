package io.streammigration.core.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.error.RecordRejectedException;
import io.streammigration.core.error.RetriableMigrationException;
import io.streammigration.core.record.Header;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import io.streammigration.core.schema.UnknownSchemaVersionException.Problem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpcastingTest {

  private static final String HEADER = "schema-version";

  /** v1 -> v2 appends "+2", v2 -> v3 appends "+3": the output says which steps ran. */
  private static Upcasting.Builder chain() {
    return Upcasting.builder()
        .versionFromHeader(HEADER)
        .register(1, Upcaster.ofValue(v -> concat(v, "+2")))
        .register(2, Upcaster.ofValue(v -> concat(v, "+3")))
        .target(3);
  }

  private static byte[] concat(byte[] value, String suffix) {
    return (new String(value, StandardCharsets.UTF_8) + suffix).getBytes(StandardCharsets.UTF_8);
  }

  private static Record record(String version, String value) {
    Headers headers =
        version == null
            ? Headers.of(Header.ofUtf8("other", "x"))
            : Headers.of(Header.ofUtf8("other", "x"), Header.ofUtf8(HEADER, version));
    return new Record(
        "k".getBytes(StandardCharsets.UTF_8),
        value == null ? null : value.getBytes(StandardCharsets.UTF_8),
        headers,
        42L,
        PartitionId.of("orders-3"),
        Position.of(1234));
  }

  private static String value(Record r) {
    return new String(r.value(), StandardCharsets.UTF_8);
  }

  @Test
  void aRecordAtTheTargetPassesAsTheSameInstance() {
    Record atTarget = record("3", "v");
    assertThat(chain().build().upcast(atTarget)).isSameAs(atTarget);
  }

  @Test
  void olderRecordsGoThroughEachStepInOrderAndGetTheTargetHeader() {
    Upcasting upcasting = chain().build();

    Record fromV1 = upcasting.upcast(record("1", "v"));
    Record fromV2 = upcasting.upcast(record("2", "v"));

    assertThat(value(fromV1)).isEqualTo("v+2+3");
    assertThat(value(fromV2)).isEqualTo("v+3");
    assertThat(fromV1.headers().asList())
        .containsExactly(Header.ofUtf8("other", "x"), Header.ofUtf8(HEADER, "3"));
    assertThat(fromV1.partition()).isEqualTo(PartitionId.of("orders-3"));
    assertThat(fromV1.position()).isEqualTo(Position.of(1234));
    assertThat(fromV1.key()).isEqualTo("k".getBytes(StandardCharsets.UTF_8));
    assertThat(fromV1.timestamp()).isEqualTo(42L);
  }

  @Test
  void leadingZerosAreTheSameVersionAndEveryOldVersionHeaderIsReplaced() {
    Record twoHeaders =
        record("01", "v").withHeaders(Headers.of(Header.ofUtf8(HEADER, "9"), Header.ofUtf8(HEADER, "01")));

    Record out = chain().build().upcast(twoHeaders);

    assertThat(value(out)).isEqualTo("v+2+3");
    assertThat(out.headers().asList()).containsExactly(Header.ofUtf8(HEADER, "3"));
  }

  @Test
  void tombstonesAreUpcastWithoutCallingTheValueMapper() {
    Record out = chain().build().upcast(record("1", null));
    assertThat(out.value()).isNull();
    assertThat(out.headers().lastNamed(HEADER)).contains(Header.ofUtf8(HEADER, "3"));
  }

  @Test
  void theTransformEmitsExactlyTheUpcastRecord() {
    List<Record> out = new ArrayList<>();
    chain().build().apply(record("2", "v"), out::add);
    assertThat(out).hasSize(1);
    assertThat(value(out.get(0))).isEqualTo("v+3");
  }

  @Test
  void versionsFromAReaderAreUpcastWithoutWritingAHeader() {
    // Version kept in the value's first byte, as some payload formats do.
    Upcasting upcasting =
        Upcasting.builder()
            .versionFrom(r -> r.value()[0] - '0')
            .register(1, Upcaster.ofValue(v -> concat(new byte[] {'2'}, new String(v, 1, v.length - 1, StandardCharsets.UTF_8) + "!")))
            .target(2)
            .build();

    Record out = upcasting.upcast(record(null, "1abc"));

    assertThat(value(out)).isEqualTo("2abc!");
    assertThat(out.headers().lastNamed(HEADER)).isEmpty();
  }

  @Test
  void underFailEachVersionProblemIsATypedFatalErrorNamingPartitionAndPosition() {
    Upcasting upcasting = chain().build();
    Object[][] cases = {
      {null, Problem.MISSING, "missing schema version"},
      {"x1", Problem.MALFORMED, "malformed schema version"},
      {"", Problem.MALFORMED, "malformed schema version"},
      {"-1", Problem.MALFORMED, "malformed schema version"},
      {"99999999999", Problem.MALFORMED, "malformed schema version"},
      {"0", Problem.UNKNOWN, "unknown schema version 0"},
      {"4", Problem.TOO_NEW, "schema version 4 is newer than the target"},
    };
    for (Object[] c : cases) {
      assertThatThrownBy(() -> upcasting.upcast(record((String) c[0], "v")))
          .as("version header %s", c[0])
          .isExactlyInstanceOf(UnknownSchemaVersionException.class)
          .isNotInstanceOf(RetriableMigrationException.class)
          .hasMessageContaining((String) c[2])
          .hasMessageContaining("partition orders-3")
          .hasMessageContaining("position 1234")
          .hasMessageContaining("versions 1 to 3")
          .satisfies(
              e -> {
                UnknownSchemaVersionException u = (UnknownSchemaVersionException) e;
                assertThat(u.problem()).isEqualTo(c[1]);
                assertThat(u.partition()).isEqualTo(PartitionId.of("orders-3"));
                assertThat(u.position()).isEqualTo(Position.of(1234));
              });
    }
  }

  @Test
  void underDeadLetterTheRecordIsRejectedWithTheVersionErrorAsCause() {
    Upcasting upcasting = chain().onUnknownVersion(UnknownVersionPolicy.DEAD_LETTER).build();
    Record tooNew = record("7", "v");

    assertThatThrownBy(() -> upcasting.upcast(tooNew))
        .isExactlyInstanceOf(RecordRejectedException.class)
        .hasMessageContaining("partition orders-3")
        .hasMessageContaining("position 1234")
        .hasMessageContaining("schema version 7 is newer than the target")
        .satisfies(
            e -> {
              RecordRejectedException rejected = (RecordRejectedException) e;
              assertThat(rejected.record()).isSameAs(tooNew);
              assertThat(rejected.getCause())
                  .isInstanceOfSatisfying(
                      UnknownSchemaVersionException.class,
                      u -> assertThat(u.problem()).isEqualTo(Problem.TOO_NEW));
            });
    assertThatThrownBy(() -> upcasting.upcast(record(null, "v")))
        .isExactlyInstanceOf(RecordRejectedException.class)
        .hasMessageContaining("missing schema version");
  }

  @Test
  void anUpcastersRejectionPassesThroughUnchanged() {
    RecordRejectedException own = new RecordRejectedException(record("1", "v"), "bad payload");
    Upcasting upcasting =
        Upcasting.builder()
            .versionFromHeader(HEADER)
            .register(1, r -> { throw own; })
            .target(2)
            .build();
    assertThatThrownBy(() -> upcasting.upcast(record("1", "v"))).isSameAs(own);
  }

  @Test
  void anUpcasterReturningNullIsABugNamedWithItsVersion() {
    Upcasting upcasting =
        Upcasting.builder().versionFromHeader(HEADER).register(1, r -> null).target(2).build();
    assertThatThrownBy(() -> upcasting.upcast(record("1", "v")))
        .isInstanceOf(NullPointerException.class)
        .hasMessageStartingWith("upcaster from version 1 returned null for Record{orders-3@1234");
  }

  @Test
  void aReaderReturningAnyNegativeOtherThanMissingIsMalformed() {
    Upcasting upcasting = Upcasting.builder().versionFrom(r -> -7).target(1).build();
    assertThatThrownBy(() -> upcasting.upcast(record(null, "v")))
        .isInstanceOfSatisfying(
            UnknownSchemaVersionException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.MALFORMED);
              assertThat(e.version()).isEqualTo(-1);
            })
        .hasMessageNotContaining("header");
  }

  @Test
  void withNoUpcastersOnlyTheTargetPasses() {
    Upcasting upcasting = Upcasting.builder().versionFromHeader(HEADER).target(5).build();
    Record at5 = record("5", "v");
    assertThat(upcasting.upcast(at5)).isSameAs(at5);
    assertThat(upcasting.firstVersion()).isEqualTo(5);
    assertThatThrownBy(() -> upcasting.upcast(record("4", "v")))
        .hasMessageContaining("unknown schema version 4");
  }

  // Build-time validation: each message names the setting and what is allowed.

  @Test
  void aGapInTheChainNamesTheMissingStep() {
    assertConfigError(
        Upcasting.builder()
            .versionFromHeader(HEADER)
            .register(1, r -> r)
            .register(3, r -> r)
            .target(4),
        "register",
        "register: gap in the chain: no upcaster from version 2 to 3 (registered from [1, 3])");
  }

  @Test
  void aDuplicateRegistrationIsRefused() {
    assertConfigError(
        Upcasting.builder().versionFromHeader(HEADER).register(1, r -> r).register(1, r -> r).target(2),
        "register",
        "register: two upcasters registered from version 1; register one");
  }

  @Test
  void aTargetBeyondTheChainIsUnreachable() {
    assertConfigError(
        Upcasting.builder().versionFromHeader(HEADER).register(1, r -> r).target(4),
        "target",
        "target: version 4 is not reachable: upcasters end at version 2; register upcasters from 2 to 3");
  }

  @Test
  void aRegistrationAtOrAboveTheTargetIsRefused() {
    assertConfigError(
        Upcasting.builder().versionFromHeader(HEADER).register(3, r -> r).target(3),
        "register",
        "register: fromVersion must be 0 to target - 1 (2), was 3");
    assertConfigError(
        Upcasting.builder().versionFromHeader(HEADER).register(-1, r -> r).target(3),
        "register",
        "register: fromVersion must be 0 to target - 1 (2), was -1");
  }

  @Test
  void missingOrInvalidSettingsAreNamed() {
    assertConfigError(
        Upcasting.builder().target(1),
        "versionFromHeader",
        "versionFromHeader: a version source is required: versionFromHeader or versionFrom");
    assertConfigError(
        Upcasting.builder().versionFromHeader(HEADER),
        "target",
        "target: the target version is required");
    assertConfigError(
        Upcasting.builder().versionFromHeader(HEADER).target(-2),
        "target",
        "target: must be 0 to 2147483647, was -2");
    assertThatThrownBy(() -> Upcasting.builder().versionFromHeader(""))
        .isInstanceOfSatisfying(
            MigrationConfigException.class, e -> assertThat(e.setting()).isEqualTo("versionFromHeader"));
    assertThatThrownBy(() -> Upcasting.builder().versionFromHeader(HEADER).versionFrom(r -> 1))
        .isInstanceOf(MigrationConfigException.class)
        .hasMessage("versionFrom: the version source is already set by versionFromHeader; set only one");
  }

  private static void assertConfigError(Upcasting.Builder builder, String setting, String message) {
    assertThatThrownBy(builder::build)
        .isInstanceOfSatisfying(
            MigrationConfigException.class, e -> assertThat(e.setting()).isEqualTo(setting))
        .hasMessage(message);
  }
}

package io.streammigration.core.ordering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.ordering.GuardFixture.RecordingContext;
import io.streammigration.core.ordering.Ordering.Scope;
import io.streammigration.core.ordering.Ordering.SequenceSource;
import org.junit.jupiter.api.Test;

class OrderingTest {

  @Test
  void defaultsArePerPartitionPositionsFailAndNoProvenance() {
    Ordering defaults = Ordering.ofDefaults();

    assertThat(defaults).isEqualTo(Ordering.perPartition());
    assertThat(defaults.scope()).isEqualTo(Scope.PARTITION);
    assertThat(defaults.sequenceSource()).isEqualTo(SequenceSource.POSITIONS);
    assertThat(defaults.sequenceHeader()).isEmpty();
    assertThat(defaults.policy()).isEqualTo(OrderingPolicy.FAIL);
    assertThat(defaults.stampsProvenance()).isFalse();
    assertThat(defaults.checksOrder()).isTrue();
  }

  @Test
  void settingsReturnNewSpecsAndLeaveTheOriginalUnchanged() {
    Ordering base = Ordering.perKey();
    Ordering tuned =
        base.sequenceFromTextHeader("seq").policy(OrderingPolicy.REPORT).stampProvenance(true);

    assertThat(base).isEqualTo(Ordering.perKey());
    assertThat(tuned.scope()).isEqualTo(Scope.KEY);
    assertThat(tuned.sequenceSource()).isEqualTo(SequenceSource.TEXT_HEADER);
    assertThat(tuned.sequenceHeader()).contains("seq");
    assertThat(tuned.policy()).isEqualTo(OrderingPolicy.REPORT);
    assertThat(tuned.stampsProvenance()).isTrue();
    assertThat(tuned.sequenceFromPositions().sequenceHeader()).isEmpty();
    assertThat(tuned.toString()).contains("KEY", "TEXT_HEADER(seq)", "REPORT");
  }

  @Test
  void blankOrNullSequenceHeaderNamesTheSetting() {
    for (String bad : new String[] {null, "", "  "}) {
      assertThatThrownBy(() -> Ordering.perPartition().sequenceFromHeader(bad))
          .isInstanceOfSatisfying(
              MigrationConfigException.class,
              e -> assertThat(e.setting()).isEqualTo("ordering.sequenceHeader"))
          .hasMessageStartingWith("ordering.sequenceHeader: must be a non-blank header name");
      assertThatThrownBy(() -> Ordering.perKey().sequenceFromTextHeader(bad))
          .isInstanceOf(MigrationConfigException.class)
          .hasMessageStartingWith("ordering.sequenceHeader:");
    }
  }

  @Test
  void nullPolicyNamesTheSettingAndTheAllowedValues() {
    assertThatThrownBy(() -> Ordering.perPartition().policy(null))
        .isInstanceOf(MigrationConfigException.class)
        .hasMessage("ordering.policy: must be one of FAIL, DROP_DUPLICATES, REPORT, was null");
  }

  @Test
  void noneRefusesSettingsItWouldIgnore() {
    assertThatThrownBy(() -> Ordering.none().policy(OrderingPolicy.REPORT))
        .isInstanceOf(MigrationConfigException.class)
        .hasMessageStartingWith("ordering.policy: cannot be set on Ordering.none()");
    assertThatThrownBy(() -> Ordering.none().sequenceFromHeader("seq"))
        .hasMessageStartingWith("ordering.sequenceHeader:");
    assertThatThrownBy(() -> Ordering.none().sequenceFromPositions())
        .hasMessageStartingWith("ordering.sequence:");
  }

  @Test
  void noneMayStillStampProvenance() {
    Ordering stamping = Ordering.none().stampProvenance(true);

    assertThat(stamping.checksOrder()).isFalse();
    assertThat(stamping.stampsProvenance()).isTrue();
    assertThat(stamping.stampProvenance(false)).isEqualTo(Ordering.none());
    assertThat(stamping.create(new RecordingContext(true)))
        .isSameAs(Ordering.none().create(new RecordingContext(false)));
  }

  @Test
  void eachCreateGivesAnIndependentGuard() {
    Ordering ordering = Ordering.perPartition();
    RecordingContext context = new RecordingContext(false);

    ordering.create(context).admit(GuardFixture.at("p", 5));
    assertThat(ordering.create(context).admit(GuardFixture.at("p", 1))).isTrue();
  }
}

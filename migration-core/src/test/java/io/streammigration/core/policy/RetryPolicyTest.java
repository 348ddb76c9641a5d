package io.streammigration.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.error.RestartableMigrationException;
import io.streammigration.core.error.RetriableMigrationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final long MS = 1_000_000L;

  @Test
  void onlyRetriableMigrationExceptionsAreRetried() {
    RetryPolicy policy = RetryPolicy.ofDefaults();
    assertThat(policy.isRetriable(new RetriableMigrationException("broker away"))).isTrue();
    assertThat(policy.isRetriable(new MigrationException("bad config"))).isFalse();
    assertThat(policy.isRetriable(new IllegalStateException())).isFalse();
  }

  @Test
  void restartableFailuresStartANewRunButAreNotRetriedWithinOne() {
    RetryPolicy policy = RetryPolicy.ofDefaults();
    RestartableMigrationException fenced = new RestartableMigrationException("membership lost");
    assertThat(policy.isRetriable(fenced)).isFalse();
    assertThat(policy.isRestartable(fenced)).isTrue();
    assertThat(policy.isRestartable(new RetriableMigrationException("broker away"))).isTrue();
    assertThat(policy.isRestartable(new MigrationException("bad config"))).isFalse();
  }

  @Test
  void backoffGrowsExponentiallyUpToTheCap() {
    RetryPolicy policy =
        RetryPolicy.builder()
            .initialBackoff(Duration.ofMillis(10))
            .multiplier(3)
            .maxBackoff(Duration.ofMillis(200))
            .jitter(0)
            .build();
    assertThat(policy.backoffNanos(1)).isEqualTo(10 * MS);
    assertThat(policy.backoffNanos(2)).isEqualTo(30 * MS);
    assertThat(policy.backoffNanos(3)).isEqualTo(90 * MS);
    assertThat(policy.backoffNanos(4)).isEqualTo(200 * MS);
    assertThat(policy.backoffNanos(50)).isEqualTo(200 * MS);
  }

  @Test
  void jitterSpreadsEachWaitWithinItsBounds() {
    RetryPolicy policy =
        RetryPolicy.builder().initialBackoff(Duration.ofMillis(100)).jitter(0.5).build();
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 2_000; i++) {
      long wait = policy.backoffNanos(1);
      min = Math.min(min, wait);
      max = Math.max(max, wait);
    }
    assertThat(min).isGreaterThanOrEqualTo(50 * MS).isLessThan(60 * MS);
    assertThat(max).isLessThanOrEqualTo(150 * MS).isGreaterThan(140 * MS);
  }

  @Test
  void attemptsAndElapsedTimeBothBoundRetries() {
    RetryPolicy policy =
        RetryPolicy.builder().maxAttempts(3).maxElapsed(Duration.ofSeconds(1)).build();
    assertThat(policy.allowsAnotherAttempt(2, 0)).isTrue();
    assertThat(policy.allowsAnotherAttempt(3, 0)).isFalse();
    assertThat(policy.allowsAnotherAttempt(1, 1_000 * MS)).isFalse();
    assertThat(RetryPolicy.none().allowsAnotherAttempt(1, 0)).isFalse();
  }

  @Test
  void invalidSettingsNameTheSettingAndTheRange() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0).build())
        .isInstanceOf(MigrationConfigException.class)
        .hasMessage("retry.maxAttempts: was 0, allowed range is 1 to 1000000");
    assertThatThrownBy(() -> RetryPolicy.builder().jitter(1.5).build())
        .hasMessageStartingWith("retry.jitter");
    assertThatThrownBy(() -> RetryPolicy.builder().multiplier(0.5).build())
        .hasMessageStartingWith("retry.multiplier");
    assertThatThrownBy(() -> RetryPolicy.builder().initialBackoff(Duration.ZERO).build())
        .hasMessageStartingWith("retry.initialBackoff");
    assertThatThrownBy(
            () ->
                RetryPolicy.builder()
                    .initialBackoff(Duration.ofSeconds(5))
                    .maxBackoff(Duration.ofSeconds(1))
                    .build())
        .hasMessageStartingWith("retry.maxBackoff");
  }
}

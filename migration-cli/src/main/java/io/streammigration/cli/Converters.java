package io.streammigration.cli;

import io.streammigration.core.engine.DeliveryGuarantee;
import io.streammigration.core.policy.CheckpointTrigger;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option converters; each failure message names what is accepted, and picocli adds the option. */
final class Converters {

  private Converters() {}

  /** {@code exactly-once} or {@code at-least-once}. */
  static final class Guarantee implements ITypeConverter<DeliveryGuarantee> {
    @Override
    public DeliveryGuarantee convert(String value) {
      switch (value) {
        case "exactly-once":
          return DeliveryGuarantee.EXACTLY_ONCE;
        case "at-least-once":
          return DeliveryGuarantee.AT_LEAST_ONCE;
        default:
          throw new TypeConversionException(
              "'" + value + "' is not a guarantee; use exactly-once or at-least-once");
      }
    }
  }

  /** A record count ({@code 50000}) or a duration ({@code 1s}). */
  static final class CheckpointEvery implements ITypeConverter<CheckpointTrigger> {
    @Override
    public CheckpointTrigger convert(String value) {
      try {
        if (Durations.isDuration(value)) {
          return CheckpointTrigger.every(Durations.parse(value));
        }
        long records = Long.parseLong(value.replace("_", ""));
        if (records <= 0) {
          throw new TypeConversionException("'" + value + "' must be a positive record count");
        }
        return CheckpointTrigger.everyRecords(records);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "'" + value + "' is neither a record count (50000) nor a duration (1s, 500ms)");
      }
    }
  }

  /** A positive duration: {@code 500ms}, {@code 5s}, {@code 2m}, {@code PT5S}. */
  static final class PositiveDuration implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Durations.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}

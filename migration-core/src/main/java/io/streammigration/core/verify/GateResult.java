package io.streammigration.core.verify;

import java.util.Objects;

/**
 * The verdict of one {@link Gate}.
 *
 * @param gate the gate's name
 * @param passed true if the condition holds
 * @param reason why, in one line: what was measured against what was required
 */
public record GateResult(String gate, boolean passed, String reason) {

  public GateResult {
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return gate + ": " + (passed ? "passed" : "FAILED") + " (" + reason + ")";
  }

  void writeTo(JsonWriter json) {
    json.beginObject()
        .field("gate", gate)
        .field("passed", passed)
        .field("reason", reason)
        .endObject();
  }
}

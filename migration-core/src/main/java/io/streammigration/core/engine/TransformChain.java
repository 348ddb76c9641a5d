package io.streammigration.core.engine;

import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Transform;
import java.util.List;

/**
 * Applies a list of transforms in order, emitting the final outputs into a list. The emitters are
 * built once, so running the chain allocates nothing beyond what the transforms themselves do
 * (unlike composing with {@link Transform#andThen}, which captures the emitter per record).
 */
final class TransformChain {

  private final Transform head;
  private final Transform.Emitter headEmitter;

  TransformChain(List<Transform> transforms, List<Record> out) {
    Transform.Emitter emitter = out::add;
    for (int i = transforms.size() - 1; i >= 1; i--) {
      Transform transform = transforms.get(i);
      Transform.Emitter next = emitter;
      emitter = record -> transform.apply(record, next);
    }
    if (transforms.isEmpty()) {
      this.head = null;
      this.headEmitter = emitter;
    } else {
      this.head = transforms.get(0);
      this.headEmitter = emitter;
    }
  }

  /** True if the chain has no transform: every record it is given comes out unchanged. */
  boolean isEmpty() {
    return head == null;
  }

  void apply(Record record) {
    if (head == null) {
      headEmitter.emit(record);
    } else {
      head.apply(record, headEmitter);
    }
  }
}

package io.streammigration.core.ordering;

import io.streammigration.core.error.MigrationException;
import io.streammigration.core.ordering.GuardState.Cursor;
import io.streammigration.core.ordering.GuardState.KeyScope;
import io.streammigration.core.ordering.GuardState.PartitionScopes;
import io.streammigration.core.record.PartitionId;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The binary form of a {@link GuardState}, stored opaquely in each checkpoint.
 *
 * <pre>
 * version 1, big-endian:
 *   version          1   (1)
 *   scope            1   (1 = per partition, 2 = per key)
 *   sequence         1   (1 = positions, 2 = header)
 *   partition count  4
 *   per partition, sorted by name:
 *     name           length 4, UTF-8
 *     per partition: cursor
 *     per key:       null-key flag 1 (0 or 1), [cursor], key count 4,
 *                    per key, sorted unsigned-lexicographically: length 4, bytes, cursor
 *   cursor: positions: segment 8, offset 8; header: sequence 8
 * </pre>
 *
 * <p>Entries are sorted, so equal states encode to equal bytes. The scope and sequence kind are
 * recorded so that state written under one configuration is never misread under another. Decoding
 * checks the structure, the order, the value ranges and that nothing trails; any failure is a
 * {@link MigrationException} that says what is wrong.
 */
final class GuardStateCodec {

  static final byte VERSION = 1;
  private static final byte SCOPE_PARTITION = 1;
  private static final byte SCOPE_KEY = 2;
  private static final byte SEQUENCE_POSITIONS = 1;
  private static final byte SEQUENCE_HEADER = 2;

  private static final Comparator<byte[]> KEY_ORDER = Arrays::compareUnsigned;

  private GuardStateCodec() {}

  static byte[] encode(GuardState state, boolean positions) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeByte(state.perKey() ? SCOPE_KEY : SCOPE_PARTITION);
      out.writeByte(positions ? SEQUENCE_POSITIONS : SEQUENCE_HEADER);
      Map<PartitionId, PartitionScopes> sorted = new TreeMap<>(state.partitions());
      out.writeInt(sorted.size());
      for (Map.Entry<PartitionId, PartitionScopes> e : sorted.entrySet()) {
        writeBytes(out, e.getKey().name().getBytes(StandardCharsets.UTF_8));
        PartitionScopes scopes = e.getValue();
        if (!state.perKey()) {
          writeCursor(out, scopes.partitionCursor, positions);
          continue;
        }
        out.writeByte(scopes.nullKeyCursor == null ? 0 : 1);
        if (scopes.nullKeyCursor != null) {
          writeCursor(out, scopes.nullKeyCursor, positions);
        }
        List<KeyScope> keys = new ArrayList<>(scopes.keyCursors.keySet());
        keys.sort(Comparator.comparing(KeyScope::key, KEY_ORDER));
        out.writeInt(keys.size());
        for (KeyScope key : keys) {
          writeBytes(out, key.key());
          writeCursor(out, scopes.keyCursors.get(key), positions);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory stream failed", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Replaces the content of {@code into} with the decoded state; an empty array leaves it empty.
   * On failure {@code into} is left empty too, never half-restored.
   */
  static void decode(byte[] bytes, boolean positions, GuardState into) {
    into.clear();
    if (bytes.length == 0) {
      return;
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      byte version = in.get();
      if (version != VERSION) {
        throw corrupt(
            bytes, "unknown format version " + version + " (this release reads version 1)");
      }
      boolean perKey = readScope(bytes, in.get());
      boolean statePositions = readSequence(bytes, in.get());
      if (perKey != into.perKey() || statePositions != positions) {
        throw new MigrationException(
            "ordering guard state was written for "
                + describe(perKey, statePositions)
                + ", but this migration checks "
                + describe(into.perKey(), positions)
                + "; resume with the same ordering settings, or start from a checkpoint "
                + "without guard state");
      }
      int partitionCount = count(bytes, in);
      PartitionId previous = null;
      for (int i = 0; i < partitionCount; i++) {
        PartitionId partition = readPartition(bytes, in);
        if (previous != null && previous.compareTo(partition) >= 0) {
          throw corrupt(bytes, "partitions out of order at " + partition);
        }
        previous = partition;
        PartitionScopes scopes = into.scopes(partition);
        if (!perKey) {
          scopes.partitionCursor = readCursor(bytes, in, positions);
          continue;
        }
        byte hasNullKey = in.get();
        if (hasNullKey == 1) {
          scopes.nullKeyCursor = readCursor(bytes, in, positions);
        } else if (hasNullKey != 0) {
          throw corrupt(bytes, "null-key flag " + hasNullKey + " in partition " + partition);
        }
        int keyCount = count(bytes, in);
        byte[] previousKey = null;
        for (int k = 0; k < keyCount; k++) {
          byte[] key = new byte[count(bytes, in)];
          in.get(key);
          if (previousKey != null && KEY_ORDER.compare(previousKey, key) >= 0) {
            throw corrupt(bytes, "keys out of order in partition " + partition);
          }
          previousKey = key;
          scopes.keyCursors.put(new KeyScope().pointTo(key), readCursor(bytes, in, positions));
        }
      }
      if (in.hasRemaining()) {
        throw corrupt(bytes, in.remaining() + " trailing bytes");
      }
    } catch (BufferUnderflowException e) {
      into.clear();
      throw corrupt(bytes, "truncated");
    } catch (MigrationException e) {
      into.clear();
      throw e;
    }
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static void writeCursor(DataOutputStream out, Cursor cursor, boolean positions)
      throws IOException {
    if (positions) {
      out.writeLong(cursor.segment);
    }
    out.writeLong(cursor.last);
  }

  private static Cursor readCursor(byte[] bytes, ByteBuffer in, boolean positions) {
    if (!positions) {
      return new Cursor(0, in.getLong());
    }
    long segment = in.getLong();
    long offset = in.getLong();
    if (segment < 0 || offset < 0) {
      throw corrupt(bytes, "negative position " + segment + ":" + offset);
    }
    return new Cursor(segment, offset);
  }

  private static PartitionId readPartition(byte[] bytes, ByteBuffer in) {
    byte[] name = new byte[count(bytes, in)];
    in.get(name);
    String decoded;
    try {
      decoded =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(name))
              .toString();
    } catch (CharacterCodingException e) {
      throw corrupt(bytes, "partition name is not valid UTF-8");
    }
    if (decoded.isEmpty()) {
      throw corrupt(bytes, "empty partition name");
    }
    return PartitionId.of(decoded);
  }

  /** A length or count: non-negative and no larger than what is left, so garbage cannot OOM us. */
  private static int count(byte[] bytes, ByteBuffer in) {
    int count = in.getInt();
    if (count < 0 || count > in.remaining()) {
      throw corrupt(
          bytes, "impossible length " + count + " with " + in.remaining() + " bytes left");
    }
    return count;
  }

  private static boolean readScope(byte[] bytes, byte scope) {
    if (scope != SCOPE_PARTITION && scope != SCOPE_KEY) {
      throw corrupt(bytes, "unknown scope " + scope);
    }
    return scope == SCOPE_KEY;
  }

  private static boolean readSequence(byte[] bytes, byte sequence) {
    if (sequence != SEQUENCE_POSITIONS && sequence != SEQUENCE_HEADER) {
      throw corrupt(bytes, "unknown sequence kind " + sequence);
    }
    return sequence == SEQUENCE_POSITIONS;
  }

  private static String describe(boolean perKey, boolean positions) {
    return (perKey ? "per-key" : "per-partition")
        + " ordering with "
        + (positions ? "position" : "header")
        + " sequences";
  }

  private static MigrationException corrupt(byte[] bytes, String problem) {
    return new MigrationException(
        "corrupt ordering guard state (" + bytes.length + " bytes): " + problem);
  }
}

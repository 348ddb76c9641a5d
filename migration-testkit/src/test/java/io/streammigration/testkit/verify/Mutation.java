package io.streammigration.testkit.verify;

import io.streammigration.core.record.Header;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.Record;
import java.util.ArrayList;
import java.util.List;

/**
 * One corruption a migration could commit on one partition's records, at an index.
 */
enum Mutation {
  DROP {
    @Override
    List<Record> apply(List<Record> records, int i) {
      List<Record> out = new ArrayList<>(records);
      out.remove(i);
      return out;
    }
  },
  DUPLICATE {
    @Override
    List<Record> apply(List<Record> records, int i) {
      List<Record> out = new ArrayList<>(records);
      out.add(i + 1, records.get(i));
      return out;
    }
  },
  SWAP_WITH_NEXT {
    @Override
    List<Record> apply(List<Record> records, int i) {
      List<Record> out = new ArrayList<>(records);
      out.set(i, records.get(i + 1));
      out.set(i + 1, records.get(i));
      return out;
    }

    @Override
    boolean fits(List<Record> records, int i) {
      return i + 1 < records.size() && !records.get(i).sameContentAs(records.get(i + 1));
    }
  },
  FLIP_VALUE_BYTE {
    @Override
    List<Record> apply(List<Record> records, int i) {
      Record r = records.get(i);
      return replace(records, i, r.withValue(flipped(r.value())));
    }

    @Override
    boolean fits(List<Record> records, int i) {
      return records.get(i).value() != null && records.get(i).value().length > 0;
    }
  },
  FLIP_KEY_BYTE {
    @Override
    List<Record> apply(List<Record> records, int i) {
      Record r = records.get(i);
      return replace(records, i, r.withKey(flipped(r.key())));
    }

    @Override
    boolean fits(List<Record> records, int i) {
      return records.get(i).key() != null && records.get(i).key().length > 0;
    }
  },
  FLIP_HEADER_BYTE {
    @Override
    List<Record> apply(List<Record> records, int i) {
      Record r = records.get(i);
      Header h = r.headers().get(0);
      List<Header> headers = new ArrayList<>(r.headers().asList());
      headers.set(0, Header.of(h.name(), flipped(h.value())));
      return replace(records, i, r.withHeaders(Headers.of(headers)));
    }

    @Override
    boolean fits(List<Record> records, int i) {
      Headers h = records.get(i).headers();
      return !h.isEmpty() && h.get(0).value() != null && h.get(0).value().length > 0;
    }
  };

  /** The records with this mutation applied at index {@code i}. */
  abstract List<Record> apply(List<Record> records, int i);

  /** True if the mutation really changes the records at {@code i}. */
  boolean fits(List<Record> records, int i) {
    return i < records.size();
  }

  private static List<Record> replace(List<Record> records, int i, Record r) {
    List<Record> out = new ArrayList<>(records);
    out.set(i, r);
    return out;
  }

  private static byte[] flipped(byte[] bytes) {
    byte[] copy = bytes.clone();
    copy[copy.length / 2] ^= 0x01;
    return copy;
  }
}

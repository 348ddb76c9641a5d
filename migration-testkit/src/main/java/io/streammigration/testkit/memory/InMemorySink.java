package io.streammigration.testkit.memory;

import io.streammigration.core.record.Record;
import io.streammigration.core.spi.Sink;
import io.streammigration.core.spi.SinkContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An at-least-once {@link Sink} over an {@link InMemoryDestination}.
 *
 * <ol>
 *   <li>{@link #write} appends to a buffer held by this instance; nothing reaches the destination.
 *   <li>{@link #flush()} moves the buffer to the destination's durable records, in order.
 *   <li>{@link #close()} drops the buffer: like a crashed process, an abandoned or closed sink
 *       loses what it did not flush.
 * </ol>
 *
 * <p>Called by one writer thread, as the SPI promises; the destination may be read meanwhile.
 */
public final class InMemorySink implements Sink {

  private final InMemoryDestination destination;
  private final List<Record> buffer = new ArrayList<>();
  private boolean opened;
  private volatile boolean closed;

  /** A sink over {@code destination}; see {@link InMemoryDestination#newSink()}. */
  public InMemorySink(InMemoryDestination destination) {
    this.destination = Objects.requireNonNull(destination, "destination");
  }

  @Override
  public void open(SinkContext context) {
    Objects.requireNonNull(context, "context");
    if (opened) {
      throw new IllegalStateException("open called twice: a sink is opened once");
    }
    opened = true;
  }

  @Override
  public void write(List<Record> records) {
    requireOpen("write");
    // The engine owns the list and may reuse it once write returns.
    buffer.addAll(records);
    destination.recordWritten(records.size());
  }

  @Override
  public void flush() {
    requireOpen("flush");
    destination.appendDurable(buffer);
    buffer.clear();
  }

  @Override
  public void close() {
    closed = true;
    buffer.clear();
  }

  /** Records written but not yet flushed. */
  public int bufferedCount() {
    return buffer.size();
  }

  public boolean isClosed() {
    return closed;
  }

  private void requireOpen(String method) {
    if (!opened) {
      throw new IllegalStateException(method + " before open");
    }
    if (closed) {
      throw new IllegalStateException(method + " after close");
    }
  }

  @Override
  public String toString() {
    return "InMemorySink{buffered=" + buffer.size() + ", " + destination + "}";
  }
}

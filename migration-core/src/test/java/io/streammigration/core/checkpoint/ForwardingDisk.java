package io.streammigration.core.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/** A {@link Disk} that passes every step on; tests override the steps they break. */
class ForwardingDisk implements Disk {

  private final Disk delegate;

  ForwardingDisk(Disk delegate) {
    this.delegate = delegate;
  }

  @Override
  public void writeTemp(Path temp, byte[] bytes) throws IOException {
    delegate.writeTemp(temp, bytes);
  }

  @Override
  public void fsyncFile(Path file) throws IOException {
    delegate.fsyncFile(file);
  }

  @Override
  public void rename(Path from, Path to) throws IOException {
    delegate.rename(from, to);
  }

  @Override
  public void fsyncDirectory(Path directory) throws IOException {
    delegate.fsyncDirectory(directory);
  }
}

package io.streammigration.cli;

/**
 * {@code java -jar migrate.jar <command> ...}: runs {@link MigrateCommand} and exits with its code.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(MigrateCommand.commandLine().execute(args));
  }
}

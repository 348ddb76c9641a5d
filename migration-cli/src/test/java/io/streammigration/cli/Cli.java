package io.streammigration.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code migrate} in-process with captured output, as the tests' one entry point. */
final class Cli {

  /** What one invocation printed and returned. */
  record Result(int code, String out, String err) {
    String all() {
      return out + err;
    }
  }

  private Cli() {}

  static Result migrate(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = MigrateCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  /** Writes {@code lines} numbered lines over {@code files} files named app.log.N .. app.log. */
  static List<String> writeLogs(Path dir, int lines, int files) throws Exception {
    Files.createDirectories(dir);
    List<String> all = new ArrayList<>();
    int perFile = (lines + files - 1) / files;
    int n = 0;
    for (int age = files - 1; age >= 0; age--) {
      List<String> chunk = new ArrayList<>();
      for (int i = 0; i < perFile && n < lines; i++, n++) {
        chunk.add("line " + n + " of the sample log");
      }
      all.addAll(chunk);
      Files.write(
          dir.resolve(age == 0 ? "app.log" : "app.log." + age), chunk, StandardCharsets.UTF_8);
    }
    return all;
  }

  /** The source URI of a log directory written by {@link #writeLogs}. */
  static String logsUri(Path dir) {
    return dir.toUri() + "?format=lines&rotation=app.log";
  }
}

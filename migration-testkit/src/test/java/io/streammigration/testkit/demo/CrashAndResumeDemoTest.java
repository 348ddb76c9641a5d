package io.streammigration.testkit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README lists this in-memory demo under "Building and testing": it must keep verifying. */
class CrashAndResumeDemoTest {

  @Test
  void theDemoCrashesResumesAndVerifiesTheDestination() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      CrashAndResumeDemo.main(new String[] {"30000", "3"});
    } finally {
      System.setOut(original);
    }
    String output = captured.toString(StandardCharsets.UTF_8);
    assertThat(output)
        .contains("run 1: simulated crash before sink COMMIT #5")
        .contains("resumed from checkpoint 4")
        .contains("verified: every record exactly once, in order, despite the crash")
        .doesNotContain("DIFFERENT");
  }
}

package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void an_error_escaping_the_command_is_one_line_and_exit_code_1_not_a_dead_main_thread() {
    StringWriter err = new StringWriter();
    int code =
        Main.guarded(
            () -> {
              throw new NoClassDefFoundError("io/hedgewatch/api/EventStream");
            },
            new PrintWriter(err, true));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            "hedgewatch: internal error: java.lang.NoClassDefFoundError:"
                + " io/hedgewatch/api/EventStream"
                + System.lineSeparator());
  }

  @Test
  void the_commands_own_exit_code_passes_through() {
    assertThat(Main.guarded(() -> 2, new PrintWriter(new StringWriter()))).isEqualTo(2);
  }
}

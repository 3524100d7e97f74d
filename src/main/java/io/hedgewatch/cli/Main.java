package io.hedgewatch.cli;

import java.io.PrintWriter;
import java.util.function.IntSupplier;

/** Entry point: runs the command line and exits with the command's code. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = guarded(() -> HedgewatchCommand.execute(args, out, err), err);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * The command's exit code; an Error escaping the command (picocli's handlers see exceptions only)
   * is one line and exit code 1, so that {@link #main} still reaches {@code System.exit}: a main
   * thread dying on it would leave the API server's threads holding the process up forever.
   */
  static int guarded(IntSupplier command, PrintWriter err) {
    try {
      return command.getAsInt();
    } catch (Error e) {
      err.println("hedgewatch: internal error: " + e);
      if (HedgewatchCommand.verbose) {
        e.printStackTrace(err);
      }
      return 1;
    }
  }
}

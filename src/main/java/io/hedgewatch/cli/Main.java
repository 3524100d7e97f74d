package io.hedgewatch.cli;

import java.io.PrintWriter;

/** Entry point: runs the command line and exits with the command's code. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = HedgewatchCommand.execute(args, out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }
}

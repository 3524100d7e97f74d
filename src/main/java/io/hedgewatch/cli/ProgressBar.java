package io.hedgewatch.cli;

import io.hedgewatch.audit.FeedAuditRun;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A long walk's progress on stderr: on a terminal a bar redrawn in place (at most every 100 ms and
 * at each whole percent); elsewhere (a file, a pipe, CI logs) one line per quarter, so that logs
 * stay short.
 */
final class ProgressBar implements FeedAuditRun.Progress {

  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintWriter err;
  private final boolean terminal;
  private long lastDraw;
  private int lastPercent = -1;
  private int lastQuarter = -1;
  private boolean drawn;
  private String lastWhat = "";

  ProgressBar(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  @Override
  public synchronized void advanced(String what, long done, long total) {
    int percent = total <= 0 ? 100 : (int) Math.min(100, done * 100 / total);
    if (!what.equals(lastWhat)) {
      // a new stage (the candles after the rounds): its own bar, the last one's left as it ended
      lastWhat = what;
      lastPercent = -1;
      lastQuarter = -1;
      finish();
    }
    if (terminal) {
      long now = System.nanoTime();
      if (percent == lastPercent && now - lastDraw < REDRAW_NANOS) {
        return;
      }
      lastDraw = now;
      lastPercent = percent;
      int filled = percent * WIDTH / 100;
      err.print(
          String.format(
              Locale.ROOT,
              "\rhedgewatch: reading %s [%s%s] %3d %% (%,d / %,d)",
              what,
              "#".repeat(filled),
              ".".repeat(WIDTH - filled),
              percent,
              done,
              total));
      drawn = true;
      err.flush();
      return;
    }
    int quarter = percent / 25;
    if (quarter != lastQuarter) {
      lastQuarter = quarter;
      err.println(
          String.format(
              Locale.ROOT,
              "hedgewatch: reading %s: %,d / %,d (%d %%)",
              what,
              done,
              total,
              percent));
      err.flush();
    }
  }

  /** Ends the bar's line, if one was drawn. */
  synchronized void finish() {
    if (drawn) {
      err.println();
      err.flush();
      drawn = false;
    }
  }
}

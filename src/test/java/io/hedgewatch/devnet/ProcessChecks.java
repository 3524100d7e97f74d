package io.hedgewatch.devnet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Process assertions that tolerate zombies left for a lazy init to reap: a zombie has already
 * exited.
 */
public final class ProcessChecks {

  private ProcessChecks() {}

  public static boolean exited(ProcessHandle process) {
    return !process.isAlive() || isZombie(process.pid());
  }

  private static boolean isZombie(long pid) {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    try {
      String s = Files.readString(stat);
      // "pid (comm) S ...": the state follows the last ')' as the comm may contain spaces or
      // parentheses
      return s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}

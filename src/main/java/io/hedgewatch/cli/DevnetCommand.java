package io.hedgewatch.cli;

import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.devnet.DevnetContracts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hedgewatch devnet}: starts the built-in devnet and keeps it up until interrupted, with a
 * config for it written to disk, so that {@code check --config} (and any other tool) can be pointed
 * at a real chain with known contracts.
 */
@Command(
    name = "devnet",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a local anvil with the project's contracts (Chainlink-style feeds, a sequencer uptime feed, a Pyth-style oracle,",
      "Multicall3, an ERC-1967 proxy, Synthetix v3 and GMX v2 perp markets) and the simulated exchanges and perp venues,",
      "writes a hedgewatch config for it and runs until Ctrl-C, which stops all of it."
    })
public final class DevnetCommand implements Callable<Integer> {

  @Option(
      names = "--config-out",
      paramLabel = "FILE",
      defaultValue = "devnet.yaml",
      description = "Where to write the config (default: ${DEFAULT-VALUE}).")
  Path configOut;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch stopped = new CountDownLatch(1);
    Devnet devnet = Devnet.start();
    // Ctrl-C (SIGINT) and SIGTERM end the JVM through its shutdown hooks: this one stops anvil and
    // the simulated venues, and deletes the devnet's store, before the JVM is gone.
    Thread hook =
        new Thread(
            () -> {
              devnet.close();
              out.println("devnet stopped");
              out.flush();
              stopped.countDown();
            },
            "devnet-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      // The devnet's own store, not one next to the file: it goes with the devnet on Ctrl-C.
      Path file = writeConfig(devnet, configOut);
      DevnetContracts c = devnet.contracts();
      out.println(
          "devnet up: anvil at " + devnet.rpcUrl() + " (chain id " + devnet.chainId() + ")");
      out.println("  ETH/USD proxy       " + c.ethUsdProxy());
      out.println("  BTC/USD proxy       " + c.btcUsdProxy());
      out.println("  USDC/USD proxy      " + c.usdcUsdProxy());
      out.println("  sequencer feed      " + c.sequencerFeed());
      out.println("  Pyth                " + c.pyth() + " (ETH/USD id " + c.pythEthUsdId() + ")");
      out.println("  Multicall3          " + c.multicall3());
      out.println("  ERC-1967 proxy      " + c.upgradeableProxy());
      out.println("  Synthetix perps     " + c.synthetixPerpsMarket());
      out.println("  GMX Reader          " + c.gmxReader());
      out.println("  GMX DataStore       " + c.gmxDataStore());
      out.println("config written to " + file.toAbsolutePath());
      out.println(
          "try: ./hedgewatch check --config " + file + "    (Ctrl-C here stops the devnet)");
      out.flush();
      stopped.await();
      return 0;
    } finally {
      stopUnlessShuttingDown(hook, devnet, stopped);
    }
  }

  private static Path writeConfig(Devnet devnet, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, devnet.configYaml(), StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the devnet config to " + file, e);
    }
  }

  /**
   * When the command ends other than by the JVM shutting down (its thread interrupted, the config
   * not writable), the devnet is stopped here rather than left running until the JVM exits.
   */
  private static void stopUnlessShuttingDown(Thread hook, Devnet devnet, CountDownLatch stopped) {
    if (stopped.getCount() == 0) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to: it stops the devnet
      return;
    }
    devnet.close();
  }
}

package io.hedgewatch.cli;

import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.devnet.DevnetContracts;
import java.io.PrintWriter;
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
      "Multicall3, an ERC-1967 proxy), writes a hedgewatch config for it and runs until Ctrl-C."
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
    Thread hook =
        new Thread(
            () -> {
              devnet.close();
              stopped.countDown();
            },
            "devnet-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    Path file = devnet.writeConfig(configOut);
    DevnetContracts c = devnet.contracts();
    out.println("devnet up: anvil at " + devnet.rpcUrl() + " (chain id " + devnet.chainId() + ")");
    out.println("  ETH/USD proxy       " + c.ethUsdProxy());
    out.println("  BTC/USD proxy       " + c.btcUsdProxy());
    out.println("  USDC/USD proxy      " + c.usdcUsdProxy());
    out.println("  sequencer feed      " + c.sequencerFeed());
    out.println("  Pyth                " + c.pyth() + " (ETH/USD id " + c.pythEthUsdId() + ")");
    out.println("  Multicall3          " + c.multicall3());
    out.println("  ERC-1967 proxy      " + c.upgradeableProxy());
    out.println("config written to " + file.toAbsolutePath());
    out.println("try: ./hedgewatch check --config " + file + "    (Ctrl-C here stops the devnet)");
    out.flush();
    stopped.await();
    return 0;
  }
}

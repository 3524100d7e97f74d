package io.hedgewatch.devnet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;

/**
 * A local anvil node on a free loopback port, started from the copy pinned in {@code
 * contracts/package-lock.json}.
 *
 * <p>Anvil never outlives its owner. It runs under a small {@code /bin/sh} wrapper whose standard
 * input is a pipe held by this JVM; the wrapper stops anvil when that pipe reaches end-of-file,
 * which happens on {@link #close()} and also when the JVM dies in any way (the kernel closes the
 * pipe), so no anvil is orphaned even after {@code kill -9} of the JVM. A shutdown hook closes it
 * on a normal JVM exit as well.
 */
public final class Anvil implements AutoCloseable {

  /**
   * System property naming the project (or installation) directory that holds {@code
   * contracts/node_modules}.
   */
  public static final String HOME_PROPERTY = "hedgewatch.home";

  public static final long DEFAULT_CHAIN_ID = 31337;
  public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_RPC_TIMEOUT = Duration.ofSeconds(10);

  /** How long {@link #close()} lets anvil stop by itself before it is signalled, then killed. */
  public static final Duration STOP_GRACE = Duration.ofSeconds(5);

  /** Lines of anvil's output kept for error messages. */
  public static final int OUTPUT_LINES_KEPT = 200;

  private static final Logger LOG = LoggerFactory.getLogger(Anvil.class);
  private static final Logger OUTPUT_LOG =
      LoggerFactory.getLogger(Anvil.class.getName() + ".output");
  private static final Pattern LISTENING = Pattern.compile("Listening on (\\S+):(\\d+)");
  private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");

  /*
   * $1 is anvil, the rest its arguments. The JVM's pipe is moved to fd 3 and stdin becomes /dev/null. A subshell
   * owns anvil and a watcher: the watcher blocks reading fd 3 and stops anvil at end-of-file; the subshell reaps
   * anvil and the watcher, so nothing is left for init to reap even when the outer shell is killed with SIGKILL.
   * SIGTERM/SIGINT/SIGHUP on the outer shell (Process.destroy) are passed down and end in the same clean stop.
   */
  private static final String WRAPPER_SCRIPT =
      String.join(
          "\n",
          "anvil=\"$1\"; shift",
          "exec 3<&0 </dev/null",
          "(",
          "  \"$anvil\" \"$@\" 3<&- &",
          "  p=$!",
          "  { read -r _ <&3 || :; kill -TERM \"$p\" 2>/dev/null; } &",
          "  w=$!",
          "  exec 3<&-",
          "  trap 'kill -TERM \"$p\" 2>/dev/null' TERM INT HUP",
          "  wait \"$p\"; st=$?",
          "  while kill -0 \"$p\" 2>/dev/null; do wait \"$p\"; st=$?; done",
          "  kill -TERM \"$w\" 2>/dev/null; wait \"$w\"",
          "  exit \"$st\"",
          ") &",
          "s=$!",
          "exec 3<&-",
          "trap 'kill -TERM \"$s\" 2>/dev/null' TERM INT HUP",
          "wait \"$s\"; st=$?",
          "while kill -0 \"$s\" 2>/dev/null; do wait \"$s\"; st=$?; done",
          "exit \"$st\"");

  private final Process wrapper;
  private final ProcessHandle anvilProcess;
  private final OutputDrain output;
  private final OkHttpClient httpClient;
  private final HttpService rpc;
  private final Web3j web3j;
  private final String rpcUrl;
  private final int port;
  private final long chainId;
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Anvil(
      Process wrapper,
      ProcessHandle anvilProcess,
      OutputDrain output,
      OkHttpClient httpClient,
      HttpService rpc,
      Web3j web3j,
      String rpcUrl,
      int port,
      long chainId,
      Thread shutdownHook) {
    this.wrapper = wrapper;
    this.anvilProcess = anvilProcess;
    this.output = output;
    this.httpClient = httpClient;
    this.rpc = rpc;
    this.web3j = web3j;
    this.rpcUrl = rpcUrl;
    this.port = port;
    this.chainId = chainId;
    this.shutdownHook = shutdownHook;
  }

  /** Starts anvil with the defaults (chain id 31337, automine, 10 funded unlocked accounts). */
  public static Anvil start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String rpcUrl() {
    return rpcUrl;
  }

  public int port() {
    return port;
  }

  /** The chain id anvil answered to {@code eth_chainId} at start. */
  public long chainId() {
    return chainId;
  }

  /** A web3j client for this node, closed with it. */
  public Web3j web3j() {
    return web3j;
  }

  /** The anvil process itself (not its wrapper shell). */
  public ProcessHandle processHandle() {
    return anvilProcess;
  }

  public long pid() {
    return anvilProcess.pid();
  }

  /**
   * The wrapper shell whose standard input ties anvil's life to this JVM; for tests of that
   * mechanism.
   */
  Process wrapperProcess() {
    return wrapper;
  }

  public boolean isRunning() {
    return !closed.get() && anvilProcess.isAlive();
  }

  /** The last lines anvil printed (at most {@value #OUTPUT_LINES_KEPT}). */
  public String recentOutput() {
    return output.recent();
  }

  /** The unlocked, funded dev accounts, lower-case 0x hex, in anvil's order. */
  public List<String> accounts() {
    try {
      var response = web3j.ethAccounts().send();
      if (response.hasError()) {
        throw rpcError("eth_accounts", response.getError());
      }
      return response.getAccounts().stream().map(a -> a.toLowerCase(Locale.ROOT)).toList();
    } catch (IOException e) {
      throw new DevnetException("eth_accounts failed on " + rpcUrl + ": " + e.getMessage(), e);
    }
  }

  /**
   * Sends any JSON-RPC request (e.g. an {@code anvil_*} or {@code evm_*} method) and returns its
   * raw result.
   */
  public Object rpc(String method, Object... params) {
    Objects.requireNonNull(method, "method");
    Request<Object, RawResponse> request =
        new Request<>(method, Arrays.asList(params), rpc, RawResponse.class);
    try {
      RawResponse response = request.send();
      if (response.hasError()) {
        throw rpcError(method, response.getError());
      }
      return response.getResult();
    } catch (IOException e) {
      throw new DevnetException(method + " failed on " + rpcUrl + ": " + e.getMessage(), e);
    }
  }

  /** Moves the chain's clock forward for the next block ({@code evm_increaseTime}). */
  public void increaseTime(long seconds) {
    if (seconds < 0) {
      throw new IllegalArgumentException("seconds must be >= 0, was " + seconds);
    }
    rpc("evm_increaseTime", seconds);
  }

  /** Mines one block ({@code evm_mine}). */
  public void mine() {
    rpc("evm_mine");
  }

  /**
   * Fixes the timestamp of the next block ({@code evm_setNextBlockTimestamp}); it must exceed the
   * latest one.
   */
  public void setNextBlockTimestamp(long epochSeconds) {
    rpc("evm_setNextBlockTimestamp", epochSeconds);
  }

  /**
   * Sets the next block's timestamp and mines it, so that reads at {@code latest} see that time.
   */
  public void mineAt(long epochSeconds) {
    setNextBlockTimestamp(epochSeconds);
    mine();
  }

  /** Takes a state snapshot ({@code evm_snapshot}); returns its id for {@link #revert(String)}. */
  public String snapshot() {
    return String.valueOf(rpc("evm_snapshot"));
  }

  /** Restores a snapshot ({@code evm_revert}); a snapshot can be restored once. */
  public void revert(String snapshotId) {
    Object reverted = rpc("evm_revert", snapshotId);
    if (!Boolean.TRUE.equals(reverted)) {
      throw new DevnetException(
          "evm_revert " + snapshotId + " returned " + reverted + ": unknown or used snapshot");
    }
  }

  /** Replaces the code at {@code address} ({@code anvil_setCode}). */
  public void setCode(String address, String hexCode) {
    rpc("anvil_setCode", address, hexCode);
  }

  /** Runtime code at {@code address} at the latest block, 0x hex ({@code 0x} for none). */
  public String getCode(String address) {
    try {
      var response = web3j.ethGetCode(address, DefaultBlockParameterName.LATEST).send();
      if (response.hasError()) {
        throw rpcError("eth_getCode", response.getError());
      }
      return response.getCode();
    } catch (IOException e) {
      throw new DevnetException("eth_getCode failed on " + rpcUrl + ": " + e.getMessage(), e);
    }
  }

  public long blockNumber() {
    try {
      var response = web3j.ethBlockNumber().send();
      if (response.hasError()) {
        throw rpcError("eth_blockNumber", response.getError());
      }
      return response.getBlockNumber().longValueExact();
    } catch (IOException e) {
      throw new DevnetException("eth_blockNumber failed on " + rpcUrl + ": " + e.getMessage(), e);
    }
  }

  /**
   * Timestamp (unix seconds) of the latest block: the time contracts see in an {@code eth_call} at
   * latest.
   */
  public long latestBlockTimestamp() {
    try {
      var response = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send();
      if (response.hasError()) {
        throw rpcError("eth_getBlockByNumber", response.getError());
      }
      return response.getBlock().getTimestamp().longValueExact();
    } catch (IOException e) {
      throw new DevnetException(
          "eth_getBlockByNumber failed on " + rpcUrl + ": " + e.getMessage(), e);
    }
  }

  /**
   * Stops anvil and waits until it is gone: closes the wrapper's pipe (anvil gets SIGTERM), then
   * after {@link #STOP_GRACE} signals the wrapper, then kills whatever is left. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shutdownInProgress) {
      // called from the hook itself
    }
    web3j.shutdown();
    httpClient.dispatcher().executorService().shutdown();
    httpClient.connectionPool().evictAll();
    stopProcesses(wrapper, Optional.of(anvilProcess));
  }

  private static void stopProcesses(Process wrapper, Optional<ProcessHandle> anvil) {
    List<ProcessHandle> tree = new ArrayList<>(wrapper.descendants().toList());
    anvil.filter(h -> !tree.contains(h)).ifPresent(tree::add);
    try {
      wrapper.getOutputStream().close();
    } catch (IOException ignored) {
      // already closed: the wrapper is stopping anyway
    }
    boolean interrupted = false;
    try {
      if (!wrapper.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn(
            "anvil (pid {}) did not stop within {} after its pipe closed; signalling it",
            anvil.map(ProcessHandle::pid).orElse(wrapper.pid()),
            STOP_GRACE);
        wrapper.destroy();
        tree.forEach(ProcessHandle::destroy);
        if (!wrapper.waitFor(2, TimeUnit.SECONDS)) {
          wrapper.destroyForcibly();
        }
      }
    } catch (InterruptedException e) {
      interrupted = true;
      wrapper.destroyForcibly();
    }
    for (ProcessHandle handle : tree) {
      try {
        handle.onExit().get(interrupted ? 0 : 2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (ExecutionException | TimeoutException e) {
        // fall through to the kill below
      }
      if (handle.isAlive()) {
        handle.destroyForcibly();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private DevnetException rpcError(String method, Response.Error error) {
    return new DevnetException(
        method
            + " failed on "
            + rpcUrl
            + ": "
            + error.getMessage()
            + (error.getData() == null ? "" : " (data " + error.getData() + ")"));
  }

  @Override
  public String toString() {
    return "Anvil[" + rpcUrl + ", chainId " + chainId + ", pid " + anvilProcess.pid() + "]";
  }

  /** A JSON-RPC response whose result is left as Jackson reads it (string, boolean, map, list). */
  public static final class RawResponse extends Response<Object> {}

  /** Options of the anvil to start; every setter checks its argument at once. */
  public static final class Builder {
    private Optional<Path> home = Optional.empty();
    private Optional<Path> binary = Optional.empty();
    private long chainId = DEFAULT_CHAIN_ID;
    private OptionalLong blockTimeSeconds = OptionalLong.empty();
    private boolean noMining;
    private OptionalLong accounts = OptionalLong.empty();
    private OptionalLong balanceEther = OptionalLong.empty();
    private OptionalLong genesisTimestamp = OptionalLong.empty();
    private Optional<String> hardfork = Optional.empty();
    private final List<String> extraArgs = new ArrayList<>();
    private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;

    private Builder() {}

    /**
     * The directory holding {@code contracts/node_modules}; default: {@value #HOME_PROPERTY}, else
     * the cwd.
     */
    public Builder home(Path home) {
      this.home = Optional.of(Objects.requireNonNull(home, "home"));
      return this;
    }

    /** An explicit anvil executable, instead of the one installed under the home directory. */
    public Builder binary(Path binary) {
      this.binary = Optional.of(Objects.requireNonNull(binary, "binary"));
      return this;
    }

    public Builder chainId(long chainId) {
      if (chainId <= 0) {
        throw new IllegalArgumentException("chainId must be positive, was " + chainId);
      }
      this.chainId = chainId;
      return this;
    }

    /**
     * Interval mining: a block every {@code blockTime} (whole seconds) instead of one per
     * transaction.
     */
    public Builder blockTime(Duration blockTime) {
      Objects.requireNonNull(blockTime, "blockTime");
      if (blockTime.isNegative()
          || blockTime.isZero()
          || blockTime.toNanos() % 1_000_000_000L != 0) {
        throw new IllegalArgumentException(
            "blockTime must be a positive whole number of seconds, was " + blockTime);
      }
      this.blockTimeSeconds = OptionalLong.of(blockTime.toSeconds());
      return this;
    }

    /** No automatic mining at all: blocks only come from {@link Anvil#mine()}. */
    public Builder noMining() {
      this.noMining = true;
      return this;
    }

    public Builder accounts(int accounts) {
      if (accounts < 1) {
        throw new IllegalArgumentException("accounts must be >= 1, was " + accounts);
      }
      this.accounts = OptionalLong.of(accounts);
      return this;
    }

    /** Balance of every dev account, in ether. */
    public Builder balanceEther(long balanceEther) {
      if (balanceEther < 0) {
        throw new IllegalArgumentException("balanceEther must be >= 0, was " + balanceEther);
      }
      this.balanceEther = OptionalLong.of(balanceEther);
      return this;
    }

    /**
     * Timestamp of the genesis block (unix seconds); later blocks follow the wall clock from there.
     */
    public Builder genesisTimestamp(long epochSeconds) {
      if (epochSeconds < 0) {
        throw new IllegalArgumentException("genesisTimestamp must be >= 0, was " + epochSeconds);
      }
      this.genesisTimestamp = OptionalLong.of(epochSeconds);
      return this;
    }

    public Builder hardfork(String hardfork) {
      Objects.requireNonNull(hardfork, "hardfork");
      if (!hardfork.matches("[a-zA-Z0-9]+")) {
        throw new IllegalArgumentException(
            "hardfork must be a name such as 'cancun', was '" + hardfork + "'");
      }
      this.hardfork = Optional.of(hardfork);
      return this;
    }

    /** Further command-line arguments passed to anvil as they are. */
    public Builder arguments(String... args) {
      for (String arg : args) {
        extraArgs.add(Objects.requireNonNull(arg, "argument"));
      }
      return this;
    }

    public Builder startupTimeout(Duration startupTimeout) {
      Objects.requireNonNull(startupTimeout, "startupTimeout");
      if (startupTimeout.isNegative() || startupTimeout.isZero()) {
        throw new IllegalArgumentException(
            "startupTimeout must be positive, was " + startupTimeout);
      }
      this.startupTimeout = startupTimeout;
      return this;
    }

    /**
     * Starts anvil and returns once it answers {@code eth_chainId}.
     *
     * @throws DevnetException when anvil is not installed, exits, or does not answer within the
     *     startup timeout
     */
    public Anvil start() {
      if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
        throw new DevnetException(
            "the devnet needs a POSIX /bin/sh to supervise anvil; Windows is not supported "
                + "(use WSL)");
      }
      Path executable = binary.orElseGet(() -> locateBinary(home.orElseGet(Builder::defaultHome)));
      List<String> command =
          new ArrayList<>(
              List.of(
                  "/bin/sh",
                  "-c",
                  WRAPPER_SCRIPT,
                  "hedgewatch-anvil",
                  executable.toString(),
                  "--host",
                  "127.0.0.1",
                  "--port",
                  "0",
                  "--chain-id",
                  Long.toString(chainId)));
      blockTimeSeconds.ifPresent(s -> command.addAll(List.of("--block-time", Long.toString(s))));
      if (noMining) {
        command.add("--no-mining");
      }
      accounts.ifPresent(n -> command.addAll(List.of("--accounts", Long.toString(n))));
      balanceEther.ifPresent(n -> command.addAll(List.of("--balance", Long.toString(n))));
      genesisTimestamp.ifPresent(t -> command.addAll(List.of("--timestamp", Long.toString(t))));
      hardfork.ifPresent(h -> command.addAll(List.of("--hardfork", h)));
      command.addAll(extraArgs);
      return launch(command, executable);
    }

    private Anvil launch(List<String> command, Path executable) {
      Process wrapper;
      try {
        wrapper = new ProcessBuilder(command).redirectErrorStream(true).start();
      } catch (IOException e) {
        throw new DevnetException(
            "cannot start anvil (" + executable + ") through /bin/sh: " + e.getMessage(), e);
      }
      OutputDrain output = new OutputDrain(wrapper.getInputStream(), wrapper.pid());
      long deadline = System.nanoTime() + startupTimeout.toNanos();
      OkHttpClient httpClient = null;
      Web3j web3j = null;
      try {
        int port = output.awaitPort(startupTimeout);
        String url = "http://127.0.0.1:" + port;
        httpClient =
            new OkHttpClient.Builder()
                .connectTimeout(DEFAULT_RPC_TIMEOUT)
                .callTimeout(DEFAULT_RPC_TIMEOUT)
                .build();
        HttpService service = new HttpService(url, httpClient);
        web3j = Web3j.build(service);
        long answeredChainId = awaitChainId(web3j, deadline, output);
        if (answeredChainId != chainId) {
          throw new DevnetException(
              "anvil at "
                  + url
                  + " answered chain id "
                  + answeredChainId
                  + ", expected "
                  + chainId);
        }
        ProcessHandle anvilProcess =
            findAnvil(wrapper, executable)
                .orElseThrow(
                    () ->
                        new DevnetException(
                            "anvil answers at "
                                + url
                                + " but its process was not found under wrapper pid "
                                + wrapper.pid()));
        Anvil[] self = new Anvil[1];
        Thread hook = new Thread(() -> self[0].close(), "anvil-shutdown-" + port);
        self[0] =
            new Anvil(
                wrapper,
                anvilProcess,
                output,
                httpClient,
                service,
                web3j,
                url,
                port,
                answeredChainId,
                hook);
        Runtime.getRuntime().addShutdownHook(hook);
        LOG.debug("started {}", self[0]);
        return self[0];
      } catch (RuntimeException e) {
        if (web3j != null) {
          web3j.shutdown();
        }
        if (httpClient != null) {
          httpClient.dispatcher().executorService().shutdown();
        }
        stopProcesses(wrapper, Optional.empty());
        throw e;
      }
    }

    private static long awaitChainId(Web3j web3j, long deadline, OutputDrain output) {
      Exception last = null;
      while (System.nanoTime() < deadline) {
        try {
          var response = web3j.ethChainId().send();
          if (!response.hasError()) {
            return response.getChainId().longValueExact();
          }
          last = new IOException(response.getError().getMessage());
        } catch (IOException | RuntimeException e) {
          last = e;
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new DevnetException("interrupted while waiting for anvil to answer eth_chainId", e);
        }
      }
      throw new DevnetException(
          "anvil did not answer eth_chainId in time (last error: "
              + (last == null ? "none" : last.getMessage())
              + "); its output:\n"
              + output.recent());
    }

    private static Optional<ProcessHandle> findAnvil(Process wrapper, Path executable) {
      String name = executable.getFileName().toString();
      return wrapper
          .descendants()
          .filter(
              h ->
                  h.info()
                      .command()
                      .map(c -> Path.of(c).getFileName().toString().equals(name))
                      .orElse(false))
          .findFirst();
    }

    private static Path defaultHome() {
      String property = System.getProperty(HOME_PROPERTY);
      return property == null || property.isBlank()
          ? Path.of("").toAbsolutePath()
          : Path.of(property);
    }

    /**
     * Finds anvil under {@code home/contracts/node_modules}. {@code .bin/anvil} is npm's Node.js
     * launcher for the platform binary; the platform binary itself is run when present, so no Node
     * process sits between the wrapper and anvil.
     */
    static Path locateBinary(Path home) {
      Path modules = home.resolve("contracts").resolve("node_modules");
      Path launcher = modules.resolve(".bin").resolve("anvil");
      if (!Files.exists(launcher)) {
        throw new DevnetException(
            "anvil is not installed: "
                + launcher
                + " does not exist. Run 'mvn "
                + "generate-resources' in "
                + home
                + " (it installs the anvil pinned in contracts/package-lock.json), "
                + "or set -D"
                + HOME_PROPERTY
                + " to the project directory");
      }
      String os =
          System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("mac")
              ? "darwin"
              : "linux";
      String arch = System.getProperty("os.arch", "").matches("aarch64|arm64") ? "arm64" : "amd64";
      Path platformBinary =
          modules
              .resolve("@foundry-rs")
              .resolve("anvil-" + os + "-" + arch)
              .resolve("bin")
              .resolve("anvil");
      return Files.isExecutable(platformBinary) ? platformBinary : launcher;
    }
  }

  /**
   * Reads anvil's merged stdout/stderr on a daemon thread, keeps the last lines and spots the
   * listening port.
   */
  private static final class OutputDrain {
    private final Deque<String> lines = new ArrayDeque<>();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();

    OutputDrain(InputStream stream, long wrapperPid) {
      Thread thread = new Thread(() -> drain(stream), "anvil-output-" + wrapperPid);
      thread.setDaemon(true);
      thread.start();
    }

    private void drain(InputStream stream) {
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          String plain = ANSI_ESCAPE.matcher(line).replaceAll("");
          OUTPUT_LOG.debug("{}", plain);
          synchronized (lines) {
            lines.addLast(plain);
            if (lines.size() > OUTPUT_LINES_KEPT) {
              lines.removeFirst();
            }
          }
          if (!port.isDone()) {
            Matcher m = LISTENING.matcher(plain);
            if (m.find()) {
              port.complete(Integer.parseInt(m.group(2)));
            }
          }
        }
      } catch (IOException e) {
        // the stream is closed when the process is destroyed
      } finally {
        port.completeExceptionally(
            new DevnetException("anvil exited before listening; its output:\n" + recent()));
      }
    }

    int awaitPort(Duration timeout) {
      try {
        return port.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        throw new DevnetException(
            "anvil did not report 'Listening on' within " + timeout + "; its output:\n" + recent());
      } catch (ExecutionException e) {
        throw e.getCause() instanceof DevnetException d
            ? d
            : new DevnetException(e.getCause().getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DevnetException("interrupted while waiting for anvil to start", e);
      }
    }

    String recent() {
      synchronized (lines) {
        return String.join("\n", lines);
      }
    }
  }
}

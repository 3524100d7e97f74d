// Compiles every contracts/src/*.sol with the pinned solcjs and writes <outDir>/<ContractName>.json holding
// {contractName, sourceName, abi, bytecode, deployedBytecode}. Skips the work when every artifact is newer than
// every source and than this script. Exits non-zero with the compiler's messages on any error.
// Usage: node build.mjs <outDir>
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const EVM_VERSION = 'shanghai';
const OPTIMIZER_RUNS = 200;

const outDir = process.argv[2];
if (!outDir) {
  console.error('usage: node build.mjs <outDir>');
  process.exit(2);
}
const out = resolve(outDir);
const srcDir = join(here, 'src');
const sources = readdirSync(srcDir).filter((f) => f.endsWith('.sol')).sort();
if (sources.length === 0) {
  console.error(`[contracts] no .sol files in ${srcDir}`);
  process.exit(1);
}

const manifest = join(out, '.build-manifest.json');
if (isUpToDate()) {
  process.exit(0);
}

let solc;
try {
  solc = require('solc');
} catch (e) {
  console.error(`[contracts] cannot load solc (${e.message}); run 'npm ci' in ${here} (mvn generate-resources does it)`);
  process.exit(1);
}

const input = {
  language: 'Solidity',
  sources: Object.fromEntries(
    sources.map((f) => [f, { content: readFileSync(join(srcDir, f), 'utf8') }])),
  settings: {
    evmVersion: EVM_VERSION,
    optimizer: { enabled: true, runs: OPTIMIZER_RUNS },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
  },
};

const output = JSON.parse(solc.compile(JSON.stringify(input)));
const diagnostics = output.errors || [];
const errors = diagnostics.filter((d) => d.severity === 'error');
for (const d of diagnostics.filter((d) => d.severity !== 'error')) {
  console.warn(d.formattedMessage || d.message);
}
if (errors.length > 0) {
  for (const e of errors) {
    console.error(e.formattedMessage || e.message);
  }
  console.error(`[contracts] compilation failed with ${errors.length} error(s) (solc ${solc.version()})`);
  process.exit(1);
}

mkdirSync(out, { recursive: true });
const written = [];
for (const [sourceName, contracts] of Object.entries(output.contracts || {})) {
  for (const [contractName, c] of Object.entries(contracts)) {
    const bytecode = c.evm.bytecode.object;
    if (!bytecode) {
      continue; // interfaces and abstract contracts cannot be deployed
    }
    const artifact = {
      contractName,
      sourceName: `src/${sourceName}`,
      compiler: { version: solc.version(), evmVersion: EVM_VERSION, optimizerRuns: OPTIMIZER_RUNS },
      abi: c.abi,
      bytecode: `0x${bytecode}`,
      deployedBytecode: `0x${c.evm.deployedBytecode.object}`,
    };
    writeFileSync(join(out, `${contractName}.json`), `${JSON.stringify(artifact, null, 2)}\n`);
    written.push(`${contractName}.json`);
  }
}
writeFileSync(manifest, `${JSON.stringify({ sources, artifacts: written.sort() }, null, 2)}\n`);
console.log(`[contracts] solc ${solc.version()}: ${written.length} artifact(s) in ${out}`);

function isUpToDate() {
  if (!existsSync(manifest)) {
    return false;
  }
  let previous;
  try {
    previous = JSON.parse(readFileSync(manifest, 'utf8'));
  } catch {
    return false;
  }
  if (JSON.stringify(previous.sources) !== JSON.stringify(sources)) {
    return false; // a source was added or removed
  }
  const inputs = [...sources.map((f) => join(srcDir, f)), fileURLToPath(import.meta.url), join(here, 'package-lock.json')];
  const newestInput = Math.max(...inputs.filter(existsSync).map((p) => statSync(p).mtimeMs));
  const outputs = [manifest, ...previous.artifacts.map((a) => join(out, basename(a)))];
  if (!outputs.every(existsSync)) {
    return false;
  }
  const oldestOutput = Math.min(...outputs.map((p) => statSync(p).mtimeMs));
  return oldestOutput > newestInput;
}

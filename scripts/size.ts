/**
 * Size budgets: what a browser bundle pays for one import, or for everything.
 * Each entry imports from the built ESM (dist/index.js, as a user's bundler
 * sees the package), bundled and minified by esbuild (tree-shaken), then
 * gzipped at level 9. Prints a markdown table; exits 1 when over budget.
 *
 *   npm run build && tsx scripts/size.ts
 */
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const dist = fileURLToPath(new URL("../dist/index.js", import.meta.url));

/**
 * Name, what it imports, budget in gzipped bytes. No single import meets the
 * 1 kB goal since every exponential is our own exp (about 470 B: its table of
 * 2^(j/32) computed on import, the powers of two, the reduction and the
 * polynomial), which buys speed (faster than Math.exp), accuracy and the same
 * bits on every engine. sigmoid, softplus and logSigmoid also carry the
 * WebAssembly SIMD module of the elementwise kernels (3.8 kB, about 2.3 kB
 * gzipped as base64; exp's tail and the log1p that takes it, 0.3 kB of
 * that, buy their accuracy of 1 ULP) and its loader, softplus and logSigmoid our log1p;
 * softmax, logSoftmax, logSumExp and the softmax losses the module of their
 * first pass (4.1 kB, 2.6 kB gzipped, at the 4 kB limit), and all but softmax our log1p and
 * log (about 0.5 kB); logSumExp the re-summation of sums near 1 (3.7 kB
 * minified, 1.9 kB gzipped on its own with the helpers it shares: the BigInt
 * fixed point and the tier of about 2^-130 before it); logSoftmax,
 * logSumExp and the softmax losses the module of the second pass too (1.3 kB,
 * 1.0 kB gzipped: the rests' logs, logSoftmax's second pass, the losses'
 * gradients); softmax and logSoftmax the module of the first pass at a
 * temperature (2.3 kB, 1.7 kB gzipped); softmax, logSoftmax, logSumExp and
 * the softmax losses the two modules of their short rows (of two and
 * three, 3.4 kB, 2.1 kB gzipped; of 4 to 12, 2.5 kB, 1.7 kB: exp and log1p
 * in each again), which make such rows 1.1–3× faster (without them the
 * softmax family took up to 1.4× the hand-written loop's time on rows of 3
 * to 6, the sparse loss up to 2×, the dense loss up to 1.8×); the
 * sigmoid loss its own (3.9 kB, exp, log1p and the loss), and our log1p. The
 * modules' loops over four pairs at once write exp out four times, which
 * base64 hides from gzip; "everything" carries all eight (exp in six). logit, which has no exp, carries its
 * own module (1.0 kB: our log, Dekker's product) and our log in JavaScript
 * (its table of powers of two is computed on import). The axis functions and
 * the losses carry argument checks that name the offending values and
 * options, shapes, the temperature path and the compensated sums (see README,
 * "Size"). Budgets sit about 5% above the measured sizes, so that growth is a
 * decision.
 */
const entries: [string, string, number][] = [
  ["sigmoid", "sigmoid", 4750],
  ["logit", "logit", 3320],
  ["softplus", "softplus", 5040],
  ["logSigmoid", "logSigmoid", 5060],
  ["softmax", "softmax", 13040],
  ["logSoftmax", "logSoftmax", 14560],
  ["logSumExp", "logSumExp", 15740],
  ["sparseSoftmaxCrossEntropyWithLogits", "sparseSoftmaxCrossEntropyWithLogits", 14970],
  ["softmaxCrossEntropyWithLogits", "softmaxCrossEntropyWithLogits", 14500],
  ["sigmoidCrossEntropyWithLogits", "sigmoidCrossEntropyWithLogits", 6740],
  ["everything", "*", 27100],
];

let over = false;
console.log("| import | minified bytes | gzipped bytes | budget (gzipped) |");
console.log("| --- | --- | --- | --- |");
for (const [name, what, budget] of entries) {
  const contents =
    what === "*"
      ? `import * as all from ${JSON.stringify(dist)}; globalThis.logits = all;`
      : `import { ${what} } from ${JSON.stringify(dist)}; globalThis.f = ${what};`;
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    write: false,
    target: "es2020",
  });
  const code = result.outputFiles[0]!.contents;
  const gz = gzipSync(code, { level: 9 }).length;
  if (gz > budget) over = true;
  console.log(`| ${name} | ${code.length} | ${gz} | ${budget}${gz > budget ? " (over)" : ""} |`);
}
if (over) {
  console.error("size: over budget");
  process.exit(1);
}

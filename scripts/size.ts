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
 * Name, what it imports, budget in gzipped bytes. sigmoid, softplus and
 * logSigmoid meet the 1 kB goal; logit (Dekker's product, the eps checks),
 * the axis functions and the losses do not (see README, "Size"):
 * their argument checks name the offending values, and shapes, the temperature
 * path and the compensated sums are code every call may reach. Budgets sit
 * about 5% above the measured sizes, so that growth is a decision.
 */
const entries: [string, string, number][] = [
  ["sigmoid", "sigmoid", 1024],
  ["logit", "logit", 1370],
  ["softplus", "softplus", 1024],
  ["logSigmoid", "logSigmoid", 1024],
  ["softmax", "softmax", 2520],
  ["logSoftmax", "logSoftmax", 2620],
  ["logSumExp", "logSumExp", 4000],
  ["sparseSoftmaxCrossEntropyWithLogits", "sparseSoftmaxCrossEntropyWithLogits", 3400],
  ["softmaxCrossEntropyWithLogits", "softmaxCrossEntropyWithLogits", 3400],
  ["sigmoidCrossEntropyWithLogits", "sigmoidCrossEntropyWithLogits", 2600],
  ["everything", "*", 8100],
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

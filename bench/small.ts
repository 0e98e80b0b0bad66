/**
 * One small call at a time, as an app turning one model output into
 * probabilities makes them: sigmoid, softmax, logSumExp and the sparse loss
 * on one row of n = 3, 10, 32, 100 and 1000 logits, in nanoseconds per call,
 * against the hand-written loop. Here the fixed cost of a call (argument
 * checks, the choice of path, the copies into the kernels' memory) counts as
 * much as the loop.
 *
 * From the built package (dist/, `npm run build` first), not from src/ as
 * the other benchmarks: tsx compiles closures with a name helper that costs
 * about as much as a small call (it doubled softmax's time on 16 elements).
 * On the automatic path only (the package does not export the switch).
 */
import { measure, type Contender } from "./harness.js";

// Typed as src/ (the built package's types are the same), loaded from dist/,
// which a fresh clone does not have until it is built.
const built = "../dist/index.js";
const { logSumExp, sigmoid, softmax, sparseSoftmaxCrossEntropyWithLogits } = (await import(built)) as typeof import("../src/index.js");

const sizes = [3, 10, 32, 100, 1000];

/** max, then e^(x − max) and their sum, then the division: the textbook softmax. */
function handSoftmax(x: Float64Array, y: Float64Array): Float64Array {
  let m = -Infinity;
  for (let i = 0; i < x.length; i++) if (x[i]! > m) m = x[i]!;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const e = Math.exp(x[i]! - m);
    y[i] = e;
    s += e;
  }
  for (let i = 0; i < x.length; i++) y[i] = y[i]! / s;
  return y;
}

/** max + log Σ e^(x − max). */
function handLogSumExp(x: Float64Array): number {
  let m = -Infinity;
  for (let i = 0; i < x.length; i++) if (x[i]! > m) m = x[i]!;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.exp(x[i]! - m);
  return m + Math.log(s);
}

console.log(`Node ${process.version}, one call on one row of n, median of 15 interleaved rounds (the built package)\n`);
console.log("| workload | contender | ns/call | ratio to hand-written | IQR ns/call |");
console.log("| --- | --- | --- | --- | --- |");
for (const n of sizes) {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = (Math.random() - 0.5) * 20;
  const out = new Float64Array(n);
  const label = [n >> 1];
  const workloads: Record<string, Contender[]> = {
    sigmoid: [
      {
        name: "hand-written 1/(1+exp(-x))",
        run: () => {
          for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-x[i]!));
          return out;
        },
      },
      { name: "logits (out)", run: () => sigmoid(x, { out }) },
      { name: "logits (alloc)", run: () => sigmoid(x) },
    ],
    softmax: [
      { name: "hand-written", run: () => handSoftmax(x, out) },
      { name: "logits (out)", run: () => softmax(x, { out }) },
      { name: "logits (alloc)", run: () => softmax(x) },
    ],
    logSumExp: [
      { name: "hand-written", run: () => handLogSumExp(x) },
      { name: "logits", run: () => logSumExp(x) },
    ],
    "sparse CE": [
      { name: "hand-written", run: () => handLogSumExp(x) - x[label[0]!]! },
      { name: "logits", run: () => sparseSoftmaxCrossEntropyWithLogits({ logits: x, labels: label, reduction: "sum" }) },
    ],
  };
  for (const [name, contenders] of Object.entries(workloads)) {
    const results = measure(contenders, n, 15, 3);
    const hand = results[0]!.median;
    for (const r of results) {
      const [q1, q3] = r.spread;
      console.log(`| ${name}, n = ${n} | ${r.name} | ${(r.median * n).toFixed(0)} | ${(r.median / hand).toFixed(2)}× | ${(q1 * n).toFixed(0)}–${(q3 * n).toFixed(0)} |`);
    }
  }
}

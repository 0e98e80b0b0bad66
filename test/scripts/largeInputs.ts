/**
 * Runs every export on 10^7 elements (one slice) and on 10^6 slices of 2 (and
 * 2 slices of 10^6 along axis 0), checking each result for NaN. Run by
 * test/largeInputs.test.ts under `node --stack-size=100`: a stack of about a
 * thousand frames, so that recursion growing with the input would overflow,
 * while the test's timeout would catch quadratic work (10^12 steps here).
 *
 *   node --stack-size=100 --import tsx test/scripts/largeInputs.ts
 */
import {
  logSigmoid,
  logSoftmax,
  logSumExp,
  logit,
  sigmoid,
  sigmoidCrossEntropyWithLogits,
  softmax,
  softmaxCrossEntropyWithLogits,
  softplus,
  sparseSoftmaxCrossEntropyWithLogits,
} from "../../src/index.js";

const BIG = 10_000_000;
const PAIRS = 1_000_000;

/** Deterministic values in [lo, hi) (a linear congruential generator). */
function values(n: number, lo: number, hi: number): Float64Array {
  const out = new Float64Array(n);
  let state = 12345;
  for (let i = 0; i < n; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out[i] = lo + ((hi - lo) * state) / 2147483648;
  }
  return out;
}

function check(name: string, result: number | Float64Array): void {
  const list = typeof result === "number" ? [result] : result;
  for (let i = 0; i < list.length; i++) {
    if (Number.isNaN(list[i])) throw new Error(`${name}: NaN at ${i}`);
  }
  console.log(`ok ${name}`);
}

function depth(n: number): number {
  return n === 0 ? 0 : 1 + depth(n - 1);
}

// The stack really is small: 5000 frames of a one-line recursion overflow it.
let overflowed = false;
try {
  depth(5000);
} catch {
  overflowed = true;
}
if (!overflowed) throw new Error("the stack is not limited: run with node --stack-size=100");

const x = values(BIG, -50, 50);
const p = values(BIG, 0, 1);
const out = new Float64Array(BIG);
check("sigmoid 1e7", sigmoid(x, { out }));
check("logSigmoid 1e7", logSigmoid(x, { out }));
check("softplus 1e7", softplus(x, { out }));
check("logit 1e7", logit(p, { out }));

const layouts: [string, number[], number][] = [
  ["[1e7]", [BIG], -1],
  ["[1e6, 2]", [PAIRS, 2], -1],
  ["[2, 1e6] axis 0", [2, PAIRS], 0],
];
for (const [label, shape, axis] of layouts) {
  const n = shape.reduce((a, b) => a * b, 1);
  const logits = x.subarray(0, n);
  const y = out.subarray(0, n);
  check(`softmax ${label}`, softmax(logits, { shape, axis, out: y }));
  check(`logSoftmax ${label}`, logSoftmax(logits, { shape, axis, out: y }));
  check(`logSumExp ${label}`, logSumExp(logits, { shape, axis }));
  const examples = n / shape.at(axis)!;
  const classes = shape.at(axis)!;
  const labels = Int32Array.from({ length: examples }, (_, i) => i % classes);
  const grad = new Float64Array(n);
  check(`sparse CE ${label}`, sparseSoftmaxCrossEntropyWithLogits({ logits, labels, shape, axis, grad }));
  check(`softmax CE ${label}`, softmaxCrossEntropyWithLogits({ logits, labels: p.subarray(0, n), shape, axis, grad, reduction: "mean" }));
  check(`sigmoid CE ${label}`, sigmoidCrossEntropyWithLogits({ logits, labels: p.subarray(0, n), shape, axis, grad, reduction: "sum" }));
  check(`gradient ${label}`, grad);
}
console.log("done");

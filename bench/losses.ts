/**
 * The fused losses on 1000 × 1000, 100000 × 10, 200000 × 5 and 333333 × 3 (sparse and one-hot softmax
 * cross-entropy, mean reduction, with and without the gradient), the sparse
 * loss with its gradient along the class axis of an NCHW segmentation output
 * ([2, 21, 154, 154], axis 1, as PyTorch's cross_entropy takes it), and the
 * sigmoid loss on 10^6 logits: `logits` (on the default path, with the WebAssembly
 * kernels, and on the JavaScript one) against the loop a competent developer
 * would write (max, sum of exp, log; p − onehot for the gradient; TensorFlow's
 * max(x, 0) − x z + log1p(e^−|x|)), and the floor, a bare exp loop over the
 * same number of elements.
 */
import { sigmoidCrossEntropyWithLogits, softmaxCrossEntropyWithLogits, sparseSoftmaxCrossEntropyWithLogits } from "../src/index.js";
import { measure, onJsPath, table, type Contender } from "./harness.js";

const total = 1_000_000;
const x = new Float64Array(total);
for (let i = 0; i < total; i++) x[i] = (Math.random() - 0.5) * 20;
const z = new Float64Array(total);
for (let i = 0; i < total; i++) z[i] = Math.random() < 0.5 ? 0 : 1;
const out = new Float64Array(total);
const grad = new Float64Array(total);

function expLoop(): Float64Array {
  for (let i = 0; i < total; i++) out[i] = Math.exp(x[i]!);
  return out;
}

/** Mean sparse cross-entropy, and p − onehot (divided by the rows) into grad when asked. */
function handSparse(labels: Int32Array, rows: number, n: number, withGrad: boolean): number {
  let loss = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    let m = -Infinity;
    for (let i = base; i < base + n; i++) if (x[i]! > m) m = x[i]!;
    let s = 0;
    for (let i = base; i < base + n; i++) s += Math.exp(x[i]! - m);
    const y = labels[r]!;
    loss += m + Math.log(s) - x[base + y]!;
    if (withGrad) {
      for (let i = base; i < base + n; i++) grad[i] = Math.exp(x[i]! - m) / s / rows;
      grad[base + y] = grad[base + y]! - 1 / rows;
    }
  }
  return loss / rows;
}

/** handSparse along axis 1 of [outer, n, inner] (each pixel's classes `inner` apart), over the first outer · n · inner logits. */
function handStrided(labels: Int32Array, outer: number, n: number, inner: number): number {
  let loss = 0;
  const examples = outer * inner;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * n * inner + j;
      const end = base + n * inner;
      let m = -Infinity;
      for (let i = base; i < end; i += inner) if (x[i]! > m) m = x[i]!;
      let s = 0;
      for (let i = base; i < end; i += inner) s += Math.exp(x[i]! - m);
      const y = labels[o * inner + j]!;
      loss += m + Math.log(s) - x[base + y * inner]!;
      for (let i = base; i < end; i += inner) grad[i] = Math.exp(x[i]! - m) / s / examples;
      grad[base + y * inner] = grad[base + y * inner]! - 1 / examples;
    }
  }
  return loss / examples;
}

function handSigmoid(): number {
  let loss = 0;
  for (let i = 0; i < total; i++) {
    const v = x[i]!;
    loss += Math.max(v, 0) - v * z[i]! + Math.log1p(Math.exp(-Math.abs(v)));
  }
  return loss / total;
}

console.log(`Node ${process.version}, ${total} logits per call, median of 25 interleaved rounds\n`);
console.log("| workload | contender | ns/element | ratio to exp loop | IQR ns/element |");
console.log("| --- | --- | --- | --- | --- |");
for (const [rows, n] of [
  [1000, 1000],
  [100_000, 10],
  [200_000, 5],
  [333_333, 3],
] as const) {
  const shape = [rows, n];
  const labels = Int32Array.from({ length: rows }, () => Math.floor(Math.random() * n));
  // Views of rows × n elements (333333 × 3 is one short of 10^6).
  const xs = x.subarray(0, rows * n);
  const gs = grad.subarray(0, rows * n);
  const onehot = new Float64Array(rows * n);
  labels.forEach((y, r) => (onehot[r * n + y] = 1));
  const workloads: Record<string, Contender[]> = {
    "sparse CE": [
      { name: "logits", run: () => sparseSoftmaxCrossEntropyWithLogits({ logits: xs, labels, shape, reduction: "mean" }) },
      onJsPath("logits", () => sparseSoftmaxCrossEntropyWithLogits({ logits: xs, labels, shape, reduction: "mean" })),
      { name: "logits (per-example losses, alloc)", run: () => sparseSoftmaxCrossEntropyWithLogits({ logits: xs, labels, shape }) },
      { name: "hand-written", run: () => handSparse(labels, rows, n, false) },
    ],
    "sparse CE + grad": [
      { name: "logits", run: () => sparseSoftmaxCrossEntropyWithLogits({ logits: xs, labels, shape, reduction: "mean", grad: gs }) },
      onJsPath("logits", () => sparseSoftmaxCrossEntropyWithLogits({ logits: xs, labels, shape, reduction: "mean", grad: gs })),
      { name: "hand-written", run: () => handSparse(labels, rows, n, true) },
    ],
    "dense CE (one-hot) + grad": [
      { name: "logits", run: () => softmaxCrossEntropyWithLogits({ logits: xs, labels: onehot, shape, reduction: "mean", grad: gs }) },
      onJsPath("logits", () => softmaxCrossEntropyWithLogits({ logits: xs, labels: onehot, shape, reduction: "mean", grad: gs })),
      { name: "hand-written (sparse)", run: () => handSparse(labels, rows, n, true) },
    ],
  };
  for (const [name, contenders] of Object.entries(workloads)) {
    const results = measure([{ name: "Math.exp loop (floor)", run: expLoop }, ...contenders], total);
    for (const line of table(`${name} ${rows}×${n}`, results, "Math.exp loop (floor)")) console.log(line);
  }
}
{
  const [outer, n, inner] = [2, 21, 154 * 154];
  const length = outer * n * inner;
  const logits = x.subarray(0, length);
  const g = grad.subarray(0, length);
  const shape = [outer, n, 154, 154];
  const labels = Int32Array.from({ length: outer * inner }, () => Math.floor(Math.random() * n));
  const floor = () => {
    for (let i = 0; i < length; i++) out[i] = Math.exp(x[i]!);
    return out;
  };
  const results = measure(
    [
      { name: "Math.exp loop (floor)", run: floor },
      { name: "logits", run: () => sparseSoftmaxCrossEntropyWithLogits({ logits, labels, shape, axis: 1, reduction: "mean", grad: g }) },
      onJsPath("logits", () => sparseSoftmaxCrossEntropyWithLogits({ logits, labels, shape, axis: 1, reduction: "mean", grad: g })),
      { name: "hand-written (strided)", run: () => handStrided(labels, outer, n, inner) },
    ],
    length,
  );
  for (const line of table("sparse CE + grad [2, 21, 154, 154], axis 1", results, "Math.exp loop (floor)")) console.log(line);
}
const sigmoid = measure(
  [
    { name: "Math.exp loop (floor)", run: expLoop },
    { name: "logits", run: () => sigmoidCrossEntropyWithLogits({ logits: x, labels: z, reduction: "mean" }) },
    onJsPath("logits", () => sigmoidCrossEntropyWithLogits({ logits: x, labels: z, reduction: "mean" })),
    { name: "logits + grad", run: () => sigmoidCrossEntropyWithLogits({ logits: x, labels: z, reduction: "mean", grad }) },
    onJsPath("logits + grad", () => sigmoidCrossEntropyWithLogits({ logits: x, labels: z, reduction: "mean", grad })),
    { name: "hand-written (TensorFlow's formula)", run: handSigmoid },
  ],
  total,
);
for (const line of table("sigmoid CE 10^6", sigmoid, "Math.exp loop (floor)")) console.log(line);

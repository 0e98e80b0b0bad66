/**
 * softmax, logSoftmax and logSumExp along the last axis, on 1 × 10^6,
 * 1000 × 1000, 100000 × 10, 200000 × 5, 333333 × 3 and 500000 × 2 (short rows: about the
 * same 10^6 elements per call as the others, so the ratios compare): `logits` with `out` (on the
 * default path, the WebAssembly kernels, and on the JavaScript one), `logits`
 * allocating, the textbook three-pass loop (max, sum of exp, divide) a
 * competent developer would write, and the floor, a bare
 * `out[i] = Math.exp(x[i])` loop over the same number of elements. Then softmax
 * along a non-last axis (the columns of 1000 × 1000) and on Float32Array input.
 */
import { logSoftmax, logSumExp, softmax } from "../src/index.js";
import { measure, onJsPath, table, type Contender } from "./harness.js";

const total = 1_000_000;
const x = new Float64Array(total);
for (let i = 0; i < total; i++) x[i] = (Math.random() - 0.5) * 20;
const out = new Float64Array(total);
const sums = new Float64Array(total);

function expLoop(): Float64Array {
  for (let i = 0; i < total; i++) out[i] = Math.exp(x[i]!);
  return out;
}

/** The max pass every hand-written contender starts with. */
function rowMax(base: number, n: number): number {
  let m = -Infinity;
  for (let i = base; i < base + n; i++) if (x[i]! > m) m = x[i]!;
  return m;
}

function handSoftmax(rows: number, n: number): Float64Array {
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    const m = rowMax(base, n);
    let s = 0;
    for (let i = base; i < base + n; i++) {
      const e = Math.exp(x[i]! - m);
      out[i] = e;
      s += e;
    }
    for (let i = base; i < base + n; i++) out[i] = out[i]! / s;
  }
  return out;
}

function handLogSoftmax(rows: number, n: number): Float64Array {
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    const m = rowMax(base, n);
    let s = 0;
    for (let i = base; i < base + n; i++) s += Math.exp(x[i]! - m);
    const l = m + Math.log(s);
    for (let i = base; i < base + n; i++) out[i] = x[i]! - l;
  }
  return out;
}

function handLogSumExp(rows: number, n: number): Float64Array {
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    const m = rowMax(base, n);
    let s = 0;
    for (let i = base; i < base + n; i++) s += Math.exp(x[i]! - m);
    sums[r] = m + Math.log(s);
  }
  return sums;
}

/** softmax along axis 0 of [rows, n]: columns, written as a competent developer would (per column, strided). */
function handSoftmaxColumns(rows: number, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    let m = -Infinity;
    for (let i = j; i < rows * n; i += n) if (x[i]! > m) m = x[i]!;
    let s = 0;
    for (let i = j; i < rows * n; i += n) {
      const e = Math.exp(x[i]! - m);
      out[i] = e;
      s += e;
    }
    for (let i = j; i < rows * n; i += n) out[i] = out[i]! / s;
  }
  return out;
}

const x32 = Float32Array.from(x);

console.log(`Node ${process.version}, ${total} elements per call, median of 15 interleaved rounds\n`);
console.log("| workload | contender | ns/element | ratio to exp loop | IQR ns/element |");
console.log("| --- | --- | --- | --- | --- |");
for (const [rows, n] of [
  [1, 1_000_000],
  [1000, 1000],
  [100_000, 10],
  [200_000, 5],
  [333_333, 3],
  [500_000, 2],
] as const) {
  const shape = [rows, n];
  const rowSums = sums.subarray(0, rows);
  // Views of rows × n elements (333333 × 3 is one short of 10^6).
  const xs = x.subarray(0, rows * n);
  const outs = out.subarray(0, rows * n);
  const workloads: Record<string, Contender[]> = {
    softmax: [
      { name: "logits (out)", run: () => softmax(xs, { shape, out: outs }) },
      onJsPath("logits (out)", () => softmax(xs, { shape, out: outs })),
      { name: "logits (alloc)", run: () => softmax(xs, { shape }) },
      { name: "hand-written", run: () => handSoftmax(rows, n) },
    ],
    logSoftmax: [
      { name: "logits (out)", run: () => logSoftmax(xs, { shape, out: outs }) },
      onJsPath("logits (out)", () => logSoftmax(xs, { shape, out: outs })),
      { name: "logits (alloc)", run: () => logSoftmax(xs, { shape }) },
      { name: "hand-written", run: () => handLogSoftmax(rows, n) },
    ],
    logSumExp: [
      { name: "logits (out)", run: () => logSumExp(xs, { shape, out: rowSums }) },
      onJsPath("logits (out)", () => logSumExp(xs, { shape, out: rowSums })),
      { name: "logits (alloc)", run: () => logSumExp(xs, { shape }) },
      { name: "hand-written", run: () => handLogSumExp(rows, n) },
    ],
  };
  for (const [name, contenders] of Object.entries(workloads)) {
    const results = measure([{ name: "Math.exp loop (floor)", run: expLoop }, ...contenders], total, 15, 3);
    for (const line of table(`${name} ${rows}×${n}`, results, "Math.exp loop (floor)")) console.log(line);
  }
}

// One non-last axis (columns of a 1000 × 1000 array) and Float32Array input.
const columns = measure(
  [
    { name: "Math.exp loop (floor)", run: expLoop },
    { name: "logits (out)", run: () => softmax(x, { shape: [1000, 1000], axis: 0, out }) },
    { name: "hand-written", run: () => handSoftmaxColumns(1000, 1000) },
  ],
  total,
  15,
  3,
);
for (const line of table("softmax 1000×1000, axis 0", columns, "Math.exp loop (floor)")) console.log(line);
const float32 = measure(
  [
    { name: "Math.exp loop (floor)", run: expLoop },
    { name: "logits (out), Float32Array input", run: () => softmax(x32, { shape: [1000, 1000], out }) },
    { name: "logits (out), Float64Array input", run: () => softmax(x, { shape: [1000, 1000], out }) },
  ],
  total,
  15,
  3,
);
for (const line of table("softmax 1000×1000, Float32Array", float32, "Math.exp loop (floor)")) console.log(line);

// Sampling from a language model at a temperature: softmax((x − max) / T) over
// rows of a vocabulary (GPT-2's 50257 tokens), 19 rows (as many as 10^6 elements hold).
const vocabulary = 50257;
const vocabularyRows = 19;
const T = 0.7;
const sampled = vocabularyRows * vocabulary;
const vocabularyShape = [vocabularyRows, vocabulary];
function handTemperature(): Float64Array {
  for (let r = 0; r < vocabularyRows; r++) {
    const base = r * vocabulary;
    const m = rowMax(base, vocabulary);
    let s = 0;
    for (let i = base; i < base + vocabulary; i++) {
      const e = Math.exp((x[i]! - m) / T);
      out[i] = e;
      s += e;
    }
    for (let i = base; i < base + vocabulary; i++) out[i] = out[i]! / s;
  }
  return out;
}
const temperature = measure(
  [
    {
      name: "Math.exp loop (floor)",
      run: () => {
        for (let i = 0; i < sampled; i++) out[i] = Math.exp(x[i]!);
        return out;
      },
    },
    { name: "logits (out)", run: () => softmax(x.subarray(0, sampled), { shape: vocabularyShape, temperature: T, out: out.subarray(0, sampled) }) },
    onJsPath("logits (out)", () => softmax(x.subarray(0, sampled), { shape: vocabularyShape, temperature: T, out: out.subarray(0, sampled) })),
    { name: "hand-written exp((x − max) / T)", run: handTemperature },
  ],
  sampled,
  15,
  3,
);
for (const line of table(`softmax ${vocabularyRows}×${vocabulary}, temperature ${T}`, temperature, "Math.exp loop (floor)")) console.log(line);

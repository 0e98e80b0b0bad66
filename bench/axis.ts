/**
 * softmax, logSoftmax and logSumExp along the last axis, on 1 × 10^6,
 * 1000 × 1000 and 100000 × 10: `logits` with `out`, the textbook three-pass loop
 * (max, sum of exp, divide) a competent developer would write, and the floor, a
 * bare `out[i] = Math.exp(x[i])` loop over the same number of elements.
 */
import { logSoftmax, logSumExp, softmax } from "../src/index.js";
import { measure, table, type Contender } from "./harness.js";

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

console.log(`Node ${process.version}, ${total} elements per call, median of 25 interleaved rounds\n`);
console.log("| workload | contender | ns/element | ratio to exp loop | IQR ns/element |");
console.log("| --- | --- | --- | --- | --- |");
for (const [rows, n] of [
  [1, 1_000_000],
  [1000, 1000],
  [100_000, 10],
] as const) {
  const shape = [rows, n];
  const rowSums = sums.subarray(0, rows);
  const workloads: Record<string, Contender[]> = {
    softmax: [
      { name: "logits (out)", run: () => softmax(x, { shape, out }) },
      { name: "hand-written", run: () => handSoftmax(rows, n) },
    ],
    logSoftmax: [
      { name: "logits (out)", run: () => logSoftmax(x, { shape, out }) },
      { name: "hand-written", run: () => handLogSoftmax(rows, n) },
    ],
    logSumExp: [
      { name: "logits (out)", run: () => logSumExp(x, { shape, out: rowSums }) },
      { name: "hand-written", run: () => handLogSumExp(rows, n) },
    ],
  };
  for (const [name, contenders] of Object.entries(workloads)) {
    const results = measure([{ name: "Math.exp loop (floor)", run: expLoop }, ...contenders], total, 15, 3);
    for (const line of table(`${name} ${rows}×${n}`, results, "Math.exp loop (floor)")) console.log(line);
  }
}

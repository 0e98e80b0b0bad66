/**
 * Elementwise functions on 10^6 doubles: `logits` with a preallocated `out`
 * (on the WebAssembly path, the default, and on the JavaScript one),
 * `logits` allocating, the hand-written loop a competent developer would write,
 * and the floor, a bare `out[i] = Math.exp(x[i])` loop.
 */
import { logSigmoid, logit, sigmoid, softplus } from "../src/index.js";
import { measure, onJsPath, table, type Contender } from "./harness.js";

const n = 1_000_000;
const x = new Float64Array(n);
const p = new Float64Array(n);
for (let i = 0; i < n; i++) {
  x[i] = (Math.random() - 0.5) * 40;
  p[i] = Math.random();
}
const out = new Float64Array(n);

function expLoop(): Float64Array {
  for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]!);
  return out;
}

const workloads: Record<string, Contender[]> = {
  sigmoid: [
    { name: "logits (out)", run: () => sigmoid(x, { out }) },
    onJsPath("logits (out)", () => sigmoid(x, { out })),
    { name: "logits (alloc)", run: () => sigmoid(x) },
    {
      name: "hand-written 1/(1+exp(-x))",
      run: () => {
        for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-x[i]!));
        return out;
      },
    },
  ],
  logit: [
    { name: "logits (out)", run: () => logit(p, { out }) },
    onJsPath("logits (out)", () => logit(p, { out })),
    { name: "logits (alloc)", run: () => logit(p) },
    {
      name: "hand-written log(p/(1-p))",
      run: () => {
        for (let i = 0; i < n; i++) out[i] = Math.log(p[i]! / (1 - p[i]!));
        return out;
      },
    },
  ],
  softplus: [
    { name: "logits (out)", run: () => softplus(x, { out }) },
    onJsPath("logits (out)", () => softplus(x, { out })),
    { name: "logits (alloc)", run: () => softplus(x) },
    {
      name: "hand-written max(x,0)+log1p(exp(-|x|))",
      run: () => {
        for (let i = 0; i < n; i++) out[i] = Math.max(x[i]!, 0) + Math.log1p(Math.exp(-Math.abs(x[i]!)));
        return out;
      },
    },
  ],
  logSigmoid: [
    { name: "logits (out)", run: () => logSigmoid(x, { out }) },
    onJsPath("logits (out)", () => logSigmoid(x, { out })),
    { name: "logits (alloc)", run: () => logSigmoid(x) },
    {
      name: "hand-written min(x,0)-log1p(exp(-|x|))",
      run: () => {
        for (let i = 0; i < n; i++) out[i] = Math.min(x[i]!, 0) - Math.log1p(Math.exp(-Math.abs(x[i]!)));
        return out;
      },
    },
  ],
};

console.log(`Node ${process.version}, ${n} elements, median of 25 interleaved rounds\n`);
console.log("| workload | contender | ns/element | ratio to exp loop | IQR ns/element |");
console.log("| --- | --- | --- | --- | --- |");
for (const [name, contenders] of Object.entries(workloads)) {
  const results = measure([{ name: "Math.exp loop (floor)", run: expLoop }, ...contenders], n);
  for (const line of table(name, results, "Math.exp loop (floor)")) console.log(line);
}

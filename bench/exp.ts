/**
 * The exp kernels on 10^6 doubles (issue 8's engine): the floor, a bare
 * `out[i] = Math.exp(x[i])` loop; our exp in JavaScript (expOf, the same bits
 * on every engine); and the WebAssembly SIMD kernel, copies in and out of its
 * memory included. Inputs uniform in [−20, 20], and over the whole range
 * [−745, 709] where exp's own branches are taken.
 */
import { expOf } from "../src/internal/exp.js";
import { expArray, setKernelPath } from "../src/internal/wasm.js";
import { measure, table, type Contender } from "./harness.js";

const n = 1_000_000;
const out = new Float64Array(n);

function inputs(lo: number, hi: number): Float64Array {
  return Float64Array.from({ length: n }, () => lo + Math.random() * (hi - lo));
}

function contenders(x: Float64Array): Contender[] {
  return [
    {
      name: "Math.exp loop (floor)",
      run: () => {
        for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]!);
        return out;
      },
    },
    {
      name: "expOf loop (JavaScript)",
      run: () => {
        for (let i = 0; i < n; i++) out[i] = expOf(x[i]!);
        return out;
      },
    },
    {
      name: "expArray, JavaScript path",
      run: () => {
        setKernelPath("js");
        expArray(x, out);
        return out;
      },
    },
    {
      name: "expArray, WebAssembly SIMD path",
      run: () => {
        setKernelPath("wasm");
        expArray(x, out);
        return out;
      },
    },
  ];
}

console.log(`Node ${process.version}, ${n} elements, median of 25 interleaved rounds\n`);
console.log("| workload | contender | ns/element | ratio to exp loop | IQR ns/element |");
console.log("| --- | --- | --- | --- | --- |");
for (const [name, x] of [
  ["exp, x in [−20, 20]", inputs(-20, 20)],
  ["exp, x in [−745, 709]", inputs(-745, 709)],
] as const) {
  const results = measure(contenders(x), n);
  for (const line of table(name, results, "Math.exp loop (floor)")) console.log(line);
}

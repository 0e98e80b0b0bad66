/**
 * Measures the largest error in ULPs of every elementwise export, over the
 * golden cases, over inputs drawn by the same fast-check generators the tests
 * use, and over uniform draws from the ranges where the error peaks, and prints
 * a markdown table (the accuracy tables in README and docs come from here).
 *
 *   npm run accuracy            # 20000 inputs per function and sampler
 *   npm run accuracy -- 200000  # more
 */
import fc from "fast-check";
import { logSigmoid, logit, sigmoid, softplus } from "../src/index.js";
import { goldenError } from "../test/helpers/accuracy.js";
import { probability, realInput } from "../test/helpers/arbitraries.js";
import { goldenByCategory, scalarInput } from "../test/helpers/golden.js";
import { exactLogSigmoid, exactLogit, exactSigmoid, exactSoftplus } from "../test/helpers/oracle.js";
import { ulpError, type Dec } from "../test/helpers/ulp.js";

const draws = Number(process.argv[2] ?? 20000);

interface Row {
  name: string;
  f: (x: number) => number;
  exact: (x: number) => Dec;
  input: string;
  inputs: fc.Arbitrary<number>;
  /** Uniform draws over the range where the function's error peaks. */
  uniform: () => number;
}

const rows: Row[] = [
  { name: "sigmoid", f: sigmoid, exact: exactSigmoid, input: "x", inputs: realInput, uniform: () => (Math.random() - 0.5) * 80 },
  { name: "logit", f: logit, exact: exactLogit, input: "p", inputs: probability, uniform: Math.random },
  { name: "logSigmoid", f: logSigmoid, exact: exactLogSigmoid, input: "x", inputs: realInput, uniform: () => (Math.random() - 0.5) * 80 },
  { name: "softplus", f: softplus, exact: exactSoftplus, input: "x", inputs: realInput, uniform: () => (Math.random() - 0.5) * 80 },
];

console.log(`| function | golden cases | max ULP (golden) | max ULP (${draws} fast-check draws) | max ULP (${draws} uniform draws) | worst input |`);
console.log(`| --- | --- | --- | --- | --- | --- |`);
for (const row of rows) {
  let golden = 0;
  let cases = 0;
  for (const group of goldenByCategory(row.name).values()) {
    for (const c of group) {
      cases++;
      golden = Math.max(golden, goldenError(row.f(scalarInput(c, row.input)), c.ref[0]!));
    }
  }
  let worst = NaN;
  let largest = 0;
  const maxOver = (xs: Iterable<number>): number => {
    let m = 0;
    for (const x of xs) {
      const e = ulpError(row.f(x), row.exact(x));
      m = Math.max(m, e);
      if (e > largest) [largest, worst] = [e, x];
    }
    return m;
  };
  const drawn = maxOver(fc.sample(row.inputs, draws));
  const uniform = maxOver(Array.from({ length: draws }, row.uniform));
  console.log(`| \`${row.name}\` | ${cases} | ${golden.toFixed(3)} | ${drawn.toFixed(3)} | ${uniform.toFixed(3)} | ${worst} |`);
}

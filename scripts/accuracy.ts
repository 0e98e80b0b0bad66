/**
 * Measures the largest error in ULPs of every elementwise export, over the
 * golden cases and over inputs drawn by the same fast-check generators the tests
 * use, and prints a markdown table (the README's accuracy table comes from here).
 *
 *   npm run accuracy            # 20000 drawn inputs per function
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
}

const rows: Row[] = [
  { name: "sigmoid", f: sigmoid, exact: exactSigmoid, input: "x", inputs: realInput },
  { name: "logit", f: logit, exact: exactLogit, input: "p", inputs: probability },
  { name: "logSigmoid", f: logSigmoid, exact: exactLogSigmoid, input: "x", inputs: realInput },
  { name: "softplus", f: softplus, exact: exactSoftplus, input: "x", inputs: realInput },
];

console.log(`| function | golden cases | max ULP (golden) | drawn inputs | max ULP (drawn) | worst input |`);
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
  let drawn = 0;
  let worst = NaN;
  for (const x of fc.sample(row.inputs, draws)) {
    const e = ulpError(row.f(x), row.exact(x));
    if (e > drawn) [drawn, worst] = [e, x];
  }
  console.log(`| \`${row.name}\` | ${cases} | ${golden.toFixed(3)} | ${draws} | ${drawn.toFixed(3)} | ${worst} |`);
}

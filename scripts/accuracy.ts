/**
 * Measures the largest error in ULPs of every export, over the
 * golden cases, over inputs drawn by the same fast-check generators the tests
 * use, and over uniform draws from the ranges where the error peaks, and prints
 * a markdown table (the accuracy tables in README and docs come from here).
 *
 *   npm run accuracy            # 20000 inputs per function and sampler
 *   npm run accuracy -- 200000  # more
 */
import fc from "fast-check";
import { logSigmoid, logSoftmax, logSumExp, logit, sigmoid, softmax, softplus } from "../src/index.js";
import { goldenError } from "../test/helpers/accuracy.js";
import { logitRow, probability, realInput } from "../test/helpers/arbitraries.js";
import { goldenByCategory, rowInput, scalarInput } from "../test/helpers/golden.js";
import {
  exactLogSigmoid,
  exactLogSoftmax,
  exactLogSumExp,
  exactLogit,
  exactSigmoid,
  exactSoftmax,
  exactSoftplus,
} from "../test/helpers/oracle.js";
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

// Row functions: the largest error over every element, per golden category and
// over rows drawn by the tests' generator.
const rowFns: { name: string; f: (row: number[]) => ArrayLike<number>; exact: (row: number[]) => Dec[] }[] = [
  { name: "softmax", f: (row) => softmax(row), exact: exactSoftmax },
  { name: "logSoftmax", f: (row) => logSoftmax(row), exact: exactLogSoftmax },
  { name: "logSumExp", f: (row) => [logSumExp(row)], exact: (row) => [exactLogSumExp(row)] },
];
const rowDraws = Math.max(100, Math.round(draws / 20));
console.log(`\n| function | category | rows | max ULP over every element |`);
console.log(`| --- | --- | --- | --- |`);
for (const row of rowFns) {
  for (const [cat, cases] of goldenByCategory(row.name)) {
    let worst = 0;
    for (const c of cases) {
      const y = row.f(rowInput(c, "x"));
      c.ref.forEach((ref, i) => (worst = Math.max(worst, goldenError(y[i]!, ref))));
    }
    console.log(`| \`${row.name}\` | golden: ${cat} | ${cases.length} | ${worst.toFixed(3)} |`);
  }
  let worst = 0;
  for (const x of fc.sample(logitRow, rowDraws)) {
    const y = row.f(x);
    row.exact(x).forEach((ref, i) => (worst = Math.max(worst, ulpError(y[i]!, ref))));
  }
  console.log(`| \`${row.name}\` | drawn rows | ${rowDraws} | ${worst.toFixed(3)} |`);
}

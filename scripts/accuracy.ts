/**
 * Measures the largest error in ULPs of every export, over the
 * golden cases, over inputs drawn by the same fast-check generators the tests
 * use, and over uniform draws from the ranges where the error peaks, and prints
 * a markdown table (the accuracy tables in README and docs come from here).
 *
 *   npm run accuracy                    # 20000 inputs per function and sampler
 *   npm run accuracy -- 200000          # more
 *   npm run accuracy -- 100000 --write  # and write the table into docs/numerical-stability.md
 */
import fc from "fast-check";
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
} from "../src/index.js";
import { goldenError } from "../test/helpers/accuracy.js";
import { logitRow, probability, realInput } from "../test/helpers/arbitraries.js";
import { goldenByCategory, rowInput, scalarInput, type GoldenCase } from "../test/helpers/golden.js";
import {
  exactLogSigmoid,
  exactLogSoftmax,
  exactLogSumExp,
  exactLogit,
  exactSigmoid,
  exactSigmoidCrossEntropy,
  exactSigmoidCrossEntropyGradient,
  exactSoftmax,
  exactSoftmaxCrossEntropy,
  exactSoftmaxCrossEntropyGradient,
  exactSoftplus,
} from "../test/helpers/oracle.js";
import { D, exactDecimal, ulpError, type Dec } from "../test/helpers/ulp.js";

import { readFileSync, writeFileSync } from "node:fs";

const draws = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 20000);
const lines: string[] = [];
/** Prints a line of the report and keeps it for docs/accuracy.md. */
function out(line: string): void {
  lines.push(line);
  console.log(line);
}

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

out(`| function | golden cases | max ULP (golden) | max ULP (${draws} fast-check draws) | max ULP (${draws} uniform draws) | worst input |`);
out(`| --- | --- | --- | --- | --- | --- |`);
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
  out(`| \`${row.name}\` | ${cases} | ${golden.toFixed(3)} | ${drawn.toFixed(3)} | ${uniform.toFixed(3)} | ${worst} |`);
}

// Row functions: the largest error over every element, per golden category and
// over rows drawn by the tests' generator.
const rowFns: { name: string; f: (row: number[]) => ArrayLike<number>; exact: (row: number[]) => Dec[] }[] = [
  { name: "softmax", f: (row) => softmax(row), exact: exactSoftmax },
  { name: "logSoftmax", f: (row) => logSoftmax(row), exact: exactLogSoftmax },
  { name: "logSumExp", f: (row) => [logSumExp(row)], exact: (row) => [exactLogSumExp(row)] },
];
const rowDraws = Math.max(100, Math.round(draws / 20));
out(`\n| function | category | rows | max ULP over every element |`);
out(`| --- | --- | --- | --- |`);
for (const row of rowFns) {
  for (const [cat, cases] of goldenByCategory(row.name)) {
    let worst = 0;
    for (const c of cases) {
      const y = row.f(rowInput(c, "x"));
      c.ref.forEach((ref, i) => (worst = Math.max(worst, goldenError(y[i]!, ref))));
    }
    out(`| \`${row.name}\` | golden: ${cat} | ${cases.length} | ${worst.toFixed(3)} |`);
  }
  let worst = 0;
  for (const x of fc.sample(logitRow, rowDraws)) {
    const y = row.f(x);
    row.exact(x).forEach((ref, i) => (worst = Math.max(worst, ulpError(y[i]!, ref))));
  }
  out(`| \`${row.name}\` | drawn rows | ${rowDraws} | ${worst.toFixed(3)} |`);
}

// Losses: golden categories (loss and gradient), and drawn inputs: rows with an
// integer label (loss and gradient), rows with soft labels (loss), logits with
// labels in [0, 1] (sigmoid loss) and hard labels (its gradient).
const sum = "sum" as const;
const gradientOf = (length: number, run: (grad: Float64Array) => void): Float64Array => {
  const grad = new Float64Array(length);
  run(grad);
  return grad;
};
const lossFns: { name: string; f: (c: GoldenCase) => ArrayLike<number> }[] = [
  { name: "sparseSoftmaxCE", f: (c) => [sparseSoftmaxCrossEntropyWithLogits({ logits: rowInput(c, "logits"), labels: [Number(c.in["k"])], reduction: sum })] },
  { name: "softmaxCE", f: (c) => [softmaxCrossEntropyWithLogits({ logits: rowInput(c, "logits"), labels: rowInput(c, "labels"), reduction: sum })] },
  {
    name: "softmaxCEGrad",
    f: (c) => gradientOf(c.ref.length, (grad) => softmaxCrossEntropyWithLogits({ logits: rowInput(c, "logits"), labels: rowInput(c, "labels"), reduction: sum, grad })),
  },
  { name: "sigmoidCE", f: (c) => [sigmoidCrossEntropyWithLogits({ logits: [scalarInput(c, "x")], labels: [scalarInput(c, "z")], reduction: sum })] },
  {
    name: "sigmoidCEGrad",
    f: (c) => gradientOf(1, (grad) => sigmoidCrossEntropyWithLogits({ logits: [scalarInput(c, "x")], labels: [scalarInput(c, "z")], reduction: sum, grad })),
  },
];
out(`\n| loss | category | cases | max ULP over every output |`);
out(`| --- | --- | --- | --- |`);
for (const loss of lossFns) {
  for (const [cat, cases] of goldenByCategory(loss.name)) {
    let worst = 0;
    for (const c of cases) {
      const y = loss.f(c);
      c.ref.forEach((ref, i) => (worst = Math.max(worst, goldenError(y[i]!, ref))));
    }
    out(`| \`${loss.name}\` | golden: ${cat} | ${cases.length} | ${worst.toFixed(3)} |`);
  }
}
let sparseLoss = 0;
let sparseGrad = 0;
let softLoss = 0;
for (const row of fc.sample(logitRow.filter((r) => r.some((v) => v > -Infinity)), rowDraws)) {
  const y = Math.floor(Math.random() * row.length);
  const a = row.map((_, c) => new D(c === y ? 1 : 0));
  const grad = new Float64Array(row.length);
  const loss = sparseSoftmaxCrossEntropyWithLogits({ logits: row, labels: [y], reduction: sum, grad });
  if (row[y] !== -Infinity) sparseLoss = Math.max(sparseLoss, ulpError(loss, exactSoftmaxCrossEntropy(row, a)));
  exactSoftmaxCrossEntropyGradient(row, a).forEach((g, i) => (sparseGrad = Math.max(sparseGrad, ulpError(grad[i]!, g))));
  const z = row.map((v) => (v === -Infinity ? 0 : Math.random()));
  softLoss = Math.max(softLoss, ulpError(softmaxCrossEntropyWithLogits({ logits: row, labels: z, reduction: sum }), exactSoftmaxCrossEntropy(row, z.map(exactDecimal))));
}
out(`| \`sparseSoftmaxCE\` | drawn rows, loss | ${rowDraws} | ${sparseLoss.toFixed(3)} |`);
out(`| \`sparseSoftmaxCE\` | drawn rows, gradient | ${rowDraws} | ${sparseGrad.toFixed(3)} |`);
out(`| \`softmaxCE\` | drawn rows, soft labels, loss | ${rowDraws} | ${softLoss.toFixed(3)} |`);
let sigmoidLoss = 0;
let sigmoidGrad = 0;
for (const x of fc.sample(realInput.filter(Number.isFinite), draws)) {
  const z = Math.random() < 0.5 ? Math.random() : 1 - Math.random() * 2 ** -30;
  sigmoidLoss = Math.max(sigmoidLoss, ulpError(sigmoidCrossEntropyWithLogits({ logits: [x], labels: [z], reduction: sum }), exactSigmoidCrossEntropy(x, z)));
  const hard = Math.random() < 0.5 ? 0 : 1;
  const grad = gradientOf(1, (g) => sigmoidCrossEntropyWithLogits({ logits: [x], labels: [hard], reduction: sum, grad: g }));
  sigmoidGrad = Math.max(sigmoidGrad, ulpError(grad[0]!, exactSigmoidCrossEntropyGradient(x, hard)));
}
out(`| \`sigmoidCE\` | drawn logits, soft labels, loss | ${draws} | ${sigmoidLoss.toFixed(3)} |`);
out(`| \`sigmoidCE\` | drawn logits, hard labels, gradient | ${draws} | ${sigmoidGrad.toFixed(3)} |`);

if (process.argv.includes("--write")) {
  // Between the markers of the numerical-stability guide, the rest of the page kept.
  const page = new URL("../docs/numerical-stability.md", import.meta.url);
  const text = readFileSync(page, "utf8");
  const start = "<!-- accuracy:start -->";
  const end = "<!-- accuracy:end -->";
  const stamp = `Measured on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${draws} draws per sampler.`;
  const table = [start, stamp, "", ...lines, end].join("\n");
  writeFileSync(page, text.slice(0, text.indexOf(start)) + table + text.slice(text.indexOf(end) + end.length));
}

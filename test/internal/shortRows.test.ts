import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { runShortRows, SHORT_LOG_SOFTMAX, SHORT_LOG_SUM_EXP, SHORT_MAX, SHORT_SOFTMAX, shortRowKernels } from "../../src/internal/shortRows.js";
import { CHUNK, setKernelPath } from "../../src/internal/wasm.js";
import { logSoftmax } from "../../src/logSoftmax.js";
import { logSumExp } from "../../src/logSumExp.js";
import { softmax } from "../../src/softmax.js";
import { softmaxCrossEntropyWithLogits } from "../../src/softmaxCrossEntropyWithLogits.js";
import { sparseSoftmaxCrossEntropyWithLogits } from "../../src/sparseSoftmaxCrossEntropyWithLogits.js";
import { AXIS_MAX_ULP } from "../helpers/accuracy.js";
import { anyDouble, RUNS, spread } from "../helpers/arbitraries.js";
import { ROW_RUNS } from "../helpers/axis.js";
import { exactLogSoftmax, exactLogSumExp, exactSoftmax, exactSoftmaxCrossEntropy, exactSoftmaxCrossEntropyGradient } from "../helpers/oracle.js";
import { D, exactDecimal, ulpError, type Dec } from "../helpers/ulp.js";

afterEach(() => {
  setKernelPath("auto");
});

/**
 * Row r of n = 2 or 3 of a kind the kernel meets: logits, a term just above
 * and below EXP_NORMAL_LO (−708) and far below it, NaN, ±∞ (an infinite
 * maximum, all −∞), ties and ±0, log-probabilities (a sum near 1:
 * logSumExp's re-summation), huge values whose differences overflow, the
 * maximum in each place.
 */
function rowOf(r: number, n: number): number[] {
  const t = Math.sin(r * 12.9898) * 10;
  const row = Array.from({ length: n }, (_, k) => Math.cos(r * 7 + k) * 10);
  const at = r % n;
  switch (r % 13) {
    case 1:
      row[at] = t + 800;
      row[(at + 1) % n] = t + 800 - 708.2;
      break;
    case 2:
      row[at] = t + 707.9;
      break;
    case 3:
      row[at] = t + 900;
      break;
    case 4:
      row[at] = NaN;
      break;
    case 5:
      row[at] = Infinity;
      break;
    case 6:
      row.fill(-Infinity, 0, r % 2 === 0 ? n : 1);
      break;
    case 7:
      row.fill(t);
      break;
    case 8:
      row.fill(r % 2 === 0 ? 0 : -0);
      row[at] = -row[at]!;
      break;
    case 9: {
      // log-probabilities: their sum is 1 up to roundings
      const p = row.map((v) => Math.exp(v / 4));
      const sum = p.reduce((a, b) => a + b, 0);
      return p.map((v) => Math.log(v / sum));
    }
    case 10:
      row[at] = 1e308;
      row[(at + 1) % n] = -1e308;
      break;
    default:
  }
  return row;
}

/** softmax and logSoftmax (and each in place) and logSumExp (with the signs) of rows of n on `path`, as one array. */
function results(path: "js" | "wasm", x: Float64Array, n: number): number[] {
  setKernelPath(path);
  const shape = [x.length / n, n];
  const inPlace = x.slice();
  logSoftmax(inPlace, { shape, out: inPlace });
  const probabilities = x.slice();
  softmax(probabilities, { shape, out: probabilities });
  const signed = logSumExp(x, { shape, returnSign: true });
  return [...softmax(x, { shape }), ...probabilities, ...logSoftmax(x, { shape }), ...inPlace, ...signed.value, ...signed.sign];
}

describe("internal/shortRows", () => {
  for (let n = 2; n <= SHORT_MAX; n++) {
    it(`rows of ${n}: softmax, logSoftmax and logSumExp on the kernel agree with the JavaScript bit for bit, on rows it leaves to JavaScript, odd counts, past a call's rows`, () => {
      for (const rows of [1, 2, 3, 13, 27, Math.floor(CHUNK / n) + 3]) {
        const x = Float64Array.from(Array.from({ length: rows }, (_, r) => rowOf(r, n)).flat());
        expect(results("wasm", x, n)).toEqual(results("js", x, n));
      }
    });

    it(`rows of ${n}: the kernel leaves to JavaScript exactly the rows without a finite maximum or with another term whose x − m is below EXP_NORMAL_LO or NaN`, () => {
      const rows = 26;
      const x = Float64Array.from(Array.from({ length: rows }, (_, r) => rowOf(r, n)).flat());
      setKernelPath("wasm");
      for (const mode of [SHORT_LOG_SOFTMAX, SHORT_LOG_SUM_EXP, SHORT_SOFTMAX] as const) {
        const done = runShortRows(shortRowKernels(x.length, n)!, x, 0, rows, n, mode);
        for (let r = 0; r < rows; r++) {
          const row = Array.from(x.subarray(r * n, r * n + n));
          let top = -1;
          row.forEach((v, k) => {
            if (v > (top < 0 ? -Infinity : row[top]!)) top = k;
          });
          const m = row[top]!;
          const left = top < 0 || m === Infinity || row.some((v, k) => k !== top && !(v - m >= -708));
          expect(Number.isNaN(done[r * n]!), `mode ${mode}, row ${r}: ${row.join(", ")}`).toBe(left);
        }
      }
      setKernelPath("js");
      expect(shortRowKernels(x.length, n)).toBeNull();
    });

    it(`rows of ${n}: the paths agree on random rows, any doubles`, () => {
      fc.assert(
        fc.property(fc.array(fc.array(anyDouble, { minLength: n, maxLength: n }), { minLength: 1, maxLength: 9 }), (rows) => {
          const x = Float64Array.from(rows.flat());
          expect(results("wasm", x, n)).toEqual(results("js", x, n));
        }),
        { numRuns: RUNS / 10 },
      );
    });
  }

  for (let n = 2; n <= SHORT_MAX; n++) {
    it(`rows of ${n}, several to a call (the short rows' kernels): every result within ${AXIS_MAX_ULP} ULP of the 80-digit oracle, for softmax, logSoftmax, logSumExp and both losses with their gradients`, () => {
      // Logits, and rows with a lead of hundreds (terms far below the maximum, subnormal ones included).
      const row = fc.oneof(
        fc.array(spread(-20, 20), { minLength: n, maxLength: n }),
        fc.tuple(fc.array(spread(-5, 5), { minLength: n, maxLength: n }), fc.nat(n - 1), spread(20, 800)).map(([r, at, lead]) => r.map((v, c) => (c === at ? v + lead : v))),
      );
      // At least two rows and six elements, so that the kernels take them.
      const labelled = fc.tuple(row, fc.nat(n - 1), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }));
      const batch = fc.array(labelled, { minLength: Math.max(2, Math.ceil(6 / n)), maxLength: 4 });
      setKernelPath("wasm");
      fc.assert(
        fc.property(batch, (drawn) => {
          const rows = drawn.map(([r]) => r);
          const x = Float64Array.from(rows.flat());
          const shape = [rows.length, n];
          const labels = drawn.map(([, y]) => y);
          const soft = drawn.flatMap(([, , z]) => z);
          const sparseGrad = new Float64Array(x.length);
          const sparse = sparseSoftmaxCrossEntropyWithLogits({ logits: x, labels, shape, grad: sparseGrad });
          const onehotGrad = new Float64Array(x.length);
          softmaxCrossEntropyWithLogits({ logits: x, labels: labels.flatMap((y) => Array.from({ length: n }, (_, c) => (c === y ? 1 : 0))), shape, grad: onehotGrad });
          const dense = softmaxCrossEntropyWithLogits({ logits: x, labels: soft, shape });
          const probabilities = softmax(x, { shape });
          const logProbabilities = logSoftmax(x, { shape });
          const logSums = logSumExp(x, { shape });
          const checks: [string, number, Dec][] = [];
          rows.forEach((r, q) => {
            const onehot = Array.from({ length: n }, (_, c) => new D(c === labels[q] ? 1 : 0));
            const at = q * n;
            exactSoftmax(r).forEach((e, c) => checks.push([`softmax ${q} ${c}`, probabilities[at + c]!, e]));
            exactLogSoftmax(r).forEach((e, c) => checks.push([`logSoftmax ${q} ${c}`, logProbabilities[at + c]!, e]));
            checks.push([`logSumExp ${q}`, logSums[q]!, exactLogSumExp(r)]);
            checks.push([`sparse ${q}`, sparse[q]!, exactSoftmaxCrossEntropy(r, onehot)]);
            exactSoftmaxCrossEntropyGradient(r, onehot).forEach((e, c) => {
              checks.push([`sparse grad ${q} ${c}`, sparseGrad[at + c]!, e]);
              checks.push([`dense grad ${q} ${c}`, onehotGrad[at + c]!, e]);
            });
            checks.push([`dense ${q}`, dense[q]!, exactSoftmaxCrossEntropy(r, soft.slice(at, at + n).map((z) => exactDecimal(z)))]);
          });
          const misses = checks.map(([what, got, exact]) => ({ what, got, ulps: ulpError(got, exact) })).filter((m) => !(m.ulps <= AXIS_MAX_ULP));
          expect(misses).toEqual([]);
        }),
        { numRuns: Math.round(ROW_RUNS / 10) },
      );
    });
  }
});

import { checkOptions, checkRealArray, sameLengthOutput, sourceArray } from "./internal/arrays.js";
import {
  BLOCK,
  checkTemperature,
  fillInfiniteSlice,
  pairRest,
  pairTop,
  restSums,
  scaledShift,
  scaledShiftError,
  sliceBase,
  TOPS,
} from "./internal/expSum.js";
import { twoSumError } from "./internal/float.js";
import { log1pOf, logOf } from "./internal/log.js";
import { sliceLayout } from "./internal/shape.js";
import { CHUNK, inChunks, loadSecondPassKernels, RECORD, RECORDS, wasmPath } from "./internal/wasm.js";
import { SHORT_LOG_SOFTMAX, shortRowKernels, shortRowsInto } from "./internal/shortRows.js";
import { LOGS, REST_LOGS } from "./internal/restLogs.js";
import { SCALED_ROWS } from "./internal/scaledRows.js";
import type { RealArray, SoftmaxOptions } from "./types.js";

/**
 * logSoftmax of slice r of a block into `dst` (which may be `src`), whose
 * first pass {@link restSums} has done (the maximum m in TOPS, the log of the
 * sum of the other terms, rest, in LOGS): (x_i − m) − log Σ e^(x_j − m).
 *
 * - log Σ is taken as log1p(rest) (LOGS, by restLog of restLogs.ts or the
 *   kernel logRests, the same bits): for a confident, correct class (one
 *   logit ahead by more than ~37) the sum rounds to 1 and `x − m − log(sum)`
 *   returns exactly 0, where the answer is −rest, as small as 1e-305.
 * - x_i − m ≤ 0 and −log Σ ≤ 0 have the same sign, so their sum cannot
 *   cancel; the rounding errors of x_i − m and of the sum (both recovered with
 *   TwoSum) and the low part of the log are added back in one final rounding.
 * The first pass does not store the terms, so `src` is still the logits here.
 *
 * @internal
 */
export function logSoftmaxSlice(src: Float64Array, dst: Float64Array, base: number, stride: number, n: number, r: number, temperature: number): void {
  const top = TOPS[r]!;
  if (top < 0) {
    // log of the limits: −log(count) for the +∞ entries, −∞ for the others.
    fillInfiniteSlice(src, dst, base, stride, n, (count) => -logOf(count), -Infinity);
    return;
  }
  const lh = LOGS[2 * r]!;
  const ll = LOGS[2 * r + 1]!;
  const m = src[top]!;
  if (temperature !== 1) {
    scaledLogSoftmaxSlice(src, dst, base, stride, n, m, lh, ll, temperature);
    return;
  }
  for (let k = 0, i = base; k < n; k++, i += stride) dst[i] = logProbability(src[i]!, m, lh, ll);
}

/** (v − m) − (lh + ll), the roundings of both subtractions recovered (TwoSum) and added in one final rounding. */
function logProbability(v: number, m: number, lh: number, ll: number): number {
  const d = v - m;
  const s = d - lh;
  // −∞ entries (d = −∞) stay −∞; their TwoSum errors would be NaN.
  return s === -Infinity ? s : s + (twoSumError(d, -lh, s) + twoSumError(v, -m, d) - ll);
}

/**
 * logSoftmax of `rows` contiguous short rows of n (2 to SHORT_MAX), without
 * the first pass's records: on the short rows' kernels ({@link shortRowsInto}),
 * a row to a lane, with the general path's bits; where they do not run,
 * rows of two one step per row in JavaScript ({@link logSoftmaxPairs}).
 * False, with nothing written, for other rows, and for longer ones without
 * the kernels (the general path then does them).
 */
function logSoftmaxShortRows(src: Float64Array, dst: Float64Array, rows: number, n: number): boolean {
  const k = shortRowKernels(rows * n, n);
  if (k === null) {
    if (n !== 2) return false;
    logSoftmaxPairs(src, dst, rows);
    return true;
  }
  const per = Math.floor(CHUNK / n);
  for (let r0 = 0; r0 < rows; r0 += per) {
    const count = Math.min(per, rows - r0);
    const left = shortRowsInto(k, src, dst, r0, count, n, SHORT_LOG_SOFTMAX);
    if (left !== undefined) for (const r of left) logSoftmaxRow(src, dst, r, n);
  }
  return true;
}

/** logSoftmax of the contiguous row r of n on the general path, as a block of one slice. */
function logSoftmaxRow(src: Float64Array, dst: Float64Array, r: number, n: number): void {
  restSums(src, r, 1, n, 1, undefined, 1, REST_LOGS);
  logSoftmaxSlice(src, dst, r * n, 1, n, 0, 1);
}

/**
 * logSoftmax of `rows` contiguous rows of two in JavaScript, where the
 * kernels do not run: logSoftmaxSlice's steps for a rest of one term
 * ({@link pairRest}; its low part, and so ll, 0), the same bits, without
 * the first pass's records. Rows pairRest leaves (NaN) take the general
 * path.
 */
function logSoftmaxPairs(src: Float64Array, dst: Float64Array, rows: number): void {
  for (let r = 0, i = 0; r < rows; r++, i += 2) {
    const top = pairTop(src, i);
    const rest = pairRest(src, top);
    if (!(rest === rest)) {
      logSoftmaxRow(src, dst, r, 2);
      continue;
    }
    const a = src[i]!;
    const b = src[i + 1]!;
    const m = src[top]!;
    const lh = log1pOf(rest);
    dst[i] = logProbability(a, m, lh, 0);
    dst[i + 1] = logProbability(b, m, lh, 0);
  }
}

/**
 * {@link logSoftmaxSlice} of x / T for a temperature T ≠ 1: (x_i − m)/T − log Σ,
 * with the rounding of the division recovered as well ({@link scaledShiftError}).
 * Its own loop, so that the default path does not test T per element.
 */
function scaledLogSoftmaxSlice(
  src: Float64Array,
  dst: Float64Array,
  base: number,
  stride: number,
  n: number,
  m: number,
  lh: number,
  ll: number,
  temperature: number,
): void {
  for (let k = 0, i = base; k < n; k++, i += stride) {
    const v = src[i]!;
    const d = v - m;
    const z = scaledShift(v, m, d, temperature);
    const r = z - lh;
    dst[i] = r === -Infinity ? r : r + (twoSumError(z, -lh, r) + scaledShiftError(v, m, d, temperature, z) - ll);
  }
}

/**
 * Blocks of fewer elements keep logSoftmaxSlice's loop for the second pass,
 * after a first pass in the kernels: the records, the copies and the call
 * cost more than the loop. One call on one row, on the built package: the
 * loop 20–25% faster on 6 to 16 elements, even on 64, the kernel 5% faster
 * on 128 (and 8–20% on batches of 10^6 elements).
 */
const LOG_ROWS_MIN = 64;

/**
 * logSoftmaxSlice of `count` ≤ BLOCK contiguous rows of n from row `first`
 * into `dst` by the kernel logRows (the same bits), after their first pass,
 * and true; false where the kernels do not run (the caller's loop then does
 * the work). Rows whose maximum is not finite are copied as they are, for
 * logSoftmaxSlice to fill in the limits. The first pass left the terms in the
 * module's memory, so the logits go in again: a row or more per call, or a
 * long row chunk by chunk, each with the same record.
 */
function logSoftmaxRows(src: Float64Array, dst: Float64Array, first: number, count: number, n: number): boolean {
  const k = wasmPath(count * n) ? loadSecondPassKernels() : null;
  if (k === null) return false;
  const { records } = k;
  const per = Math.max(1, Math.floor(CHUNK / n));
  for (let r0 = 0; r0 < count; r0 += per) {
    const rows = Math.min(per, count - r0);
    for (let q = 0; q < rows; q++) {
      const r = r0 + q;
      const top = TOPS[r]!;
      const rec = q * RECORD;
      records[rec] = top;
      if (top < 0) continue;
      records[rec + 1] = src[top]!;
      records[rec + 2] = LOGS[2 * r]!;
      records[rec + 3] = LOGS[2 * r + 1]!;
    }
    const a = (first + r0) * n;
    const end = a + rows * n;
    // One call for rows of n ≤ CHUNK; a long row's chunks, each its own call.
    inChunks(k, src, dst, (ptr, m) => k.exports.logRows(ptr, n <= CHUNK ? rows : 1, n <= CHUNK ? n : m, RECORDS), a, end);
  }
  return true;
}

/**
 * logSoftmax(x)_i = x_i − log Σ_j e^(x_j): the log-probabilities of logits,
 * along one axis of an N-D array. It is log(softmax(x)), computed without
 * taking the log of a rounded probability.
 *
 * `shape`, `axis`, `out` and `temperature` work as for {@link softmax}.
 *
 * Special values, per slice: a NaN makes the whole slice NaN; with +∞ entries,
 * those get −log(count) and the others −∞ (the limit); a slice of only −∞ is
 * NaN; −∞ entries of an otherwise finite slice get −∞.
 *
 * Accuracy: every element within 4 ULP of the exact value, for any slice length
 * and any spread. In particular the confident, correct class: with logits
 * [0, 800] the textbook `x − max − log(sum)` gives exactly 0 for the second,
 * while the answer is −e^(−800) ≈ −3.6e-348 (rounds to −0 here); with [0, 40] it
 * is −4.248354255291589e-18, which this function returns and the textbook
 * formula does not (SciPy #19521, PyTorch #113708, TensorFlow #62400).
 *
 * @param x - The logits: a `Float64Array` (fast path), `Float32Array` or `number[]`.
 * @param options - `shape` and `axis`: the slices; `out`: where to write the result (may be `x`, for in place); `temperature`: divide the logits by it.
 * @returns `options.out` when given, else a new `Float64Array` of `x`'s length.
 * @throws TypeError if `x` is not an accepted array, or `shape`, `axis`, `out` or `temperature` have the wrong type, or an option is unknown.
 * @throws RangeError if the shape's product is not `x.length`, a dimension is not a non-negative integer, the axis is out of range, `out` has the wrong length or overlaps `x` at another offset, or the temperature is not positive and finite. Nothing is written then.
 *
 * @example Log-probabilities
 * ```ts
 * import { logSoftmax } from "logits";
 *
 * logSoftmax([1, 2, 3]); // Float64Array [-2.40760596444438, -1.4076059644443804, -0.4076059644443803]
 * ```
 *
 * @example The confident, correct class keeps its digits
 * ```ts
 * import { logSoftmax } from "logits";
 *
 * logSoftmax([0, 40]); // Float64Array [-40, -4.248354255291589e-18] (x - max - log(sum) gives [-40, 0])
 * ```
 *
 * @example Batches and special values
 * ```ts
 * import { logSoftmax } from "logits";
 *
 * logSoftmax(Float64Array.of(0, 0, -Infinity, 5), { shape: [2, 2] }); // Float64Array [-0.6931471805599453, -0.6931471805599453, -Infinity, 0]
 * logSoftmax([Infinity, Infinity, 1]); // Float64Array [-0.6931471805599453, -0.6931471805599453, -Infinity]
 * ```
 */
export function logSoftmax(x: RealArray, options?: SoftmaxOptions): Float64Array {
  checkOptions("logSoftmax", options, ["shape", "axis", "out", "temperature"]);
  const length = checkRealArray("logSoftmax", "x", x);
  const { outer, n, inner } = sliceLayout("logSoftmax", "x", length, options?.shape, options?.axis);
  const temperature = checkTemperature("logSoftmax", options?.temperature);
  const y = sameLengthOutput("logSoftmax", x, length, options?.out);
  const src = sourceArray(x, y);
  // Block by block, as softmax: the first pass over a block (restSums), then
  // each slice's logs, by the kernel where it runs (contiguous rows, T = 1).
  const slices = outer * inner;
  // Rows of two and three: no records, a kernel of their own, or for two
  // one step per row in JavaScript (pairRest).
  if (inner === 1 && temperature === 1 && logSoftmaxShortRows(src, y, slices, n)) return y;
  for (let first = 0; first < slices; first += BLOCK) {
    const count = Math.min(BLOCK, slices - first);
    restSums(src, first, count, n, inner, undefined, temperature, REST_LOGS, undefined, SCALED_ROWS);
    const kernel = inner === 1 && temperature === 1 && count * n >= LOG_ROWS_MIN && logSoftmaxRows(src, y, first, count, n);
    for (let r = 0; r < count; r++) {
      if (!kernel || TOPS[r]! < 0) logSoftmaxSlice(src, y, sliceBase(first + r, n, inner), inner, n, r, temperature);
    }
  }
  return y;
}

import { checkOptions, checkRealArray, sameLengthOutput, sourceArray } from "./internal/arrays.js";
import { BLOCK, checkTemperature, fillInfiniteSlice, pairRest, pairTop, RESTS, restSums, sliceBase, softmaxRows, sumCorrection, TOPS } from "./internal/expSum.js";
import { SCALED_ROWS } from "./internal/scaledRows.js";
import { sliceLayout } from "./internal/shape.js";
import { SHORT_SOFTMAX, shortRowKernels, shortRowsInto } from "./internal/shortRows.js";
import { CHUNK } from "./internal/wasm.js";
import type { RealArray, SoftmaxOptions } from "./types.js";

/**
 * softmax of slice r of a block into `dst`, whose first pass {@link restSums}
 * has done: the terms e^(x_i − m) are in `dst` (1 at the maximum m, so that no
 * exp overflowed and the sum is in [1, n]), their sum less 1 (rest) in RESTS.
 * Each term is divided by the sum 1 + rest = hi + lo as q − q·(lo/hi) with
 * q = term/hi, so the sum's rounding does not reach the result either: the
 * confident class, 1/(1 + rest), keeps every digit of rest.
 *
 * @internal
 */
export function softmaxSlice(src: Float64Array, dst: Float64Array, base: number, stride: number, n: number, r: number): void {
  if (TOPS[r]! < 0) {
    // +∞ entries share probability 1 equally, the others get 0.
    fillInfiniteSlice(src, dst, base, stride, n, (count) => 1 / count, 0);
    return;
  }
  const hi = 1 + RESTS[3 * r]!;
  const c = sumCorrection(RESTS[3 * r]!, RESTS[3 * r + 1]!, hi);
  for (let k = 0, i = base; k < n; k++, i += stride) {
    const q = dst[i]! / hi;
    dst[i] = q - q * c;
  }
}

/**
 * softmax of `rows` contiguous short rows of n (2 to SHORT_MAX), without
 * the first pass's records, whose per-row cost is most of such a row's
 * (rows of three took 2.0× the exp loop on the first pass's kernels, 1.4×
 * the hand-written loop's time): on the short rows' kernels, a row to a
 * lane, with the general path's bits; where they do not run, rows of two
 * one step per row in JavaScript ({@link softmaxPairs}). False, with
 * nothing written, for other rows, and for longer ones without the kernels
 * (the general path then does them).
 */
function softmaxShortRows(src: Float64Array, dst: Float64Array, rows: number, n: number): boolean {
  const k = shortRowKernels(rows * n, n);
  if (k === null) {
    if (n !== 2) return false;
    softmaxPairs(src, dst, rows);
    return true;
  }
  const per = Math.floor(CHUNK / n);
  for (let r0 = 0; r0 < rows; r0 += per) {
    const left = shortRowsInto(k, src, dst, r0, Math.min(per, rows - r0), n, SHORT_SOFTMAX);
    if (left !== undefined) for (const r of left) softmaxRow(src, dst, r, n);
  }
  return true;
}

/** softmax of the contiguous row r of n on the general path, as a block of one slice. */
function softmaxRow(src: Float64Array, dst: Float64Array, r: number, n: number): void {
  restSums(src, r, 1, n, 1, dst, 1);
  softmaxSlice(src, dst, r * n, 1, n, 0);
}

/**
 * softmax of `rows` contiguous rows of two: softmaxSlice's steps for a rest
 * of one term ({@link pairRest}; its low part 0), the same bits, without the
 * first pass's records (40 ns a row of two on the kernels, 21 here). Rows
 * pairRest leaves (NaN) take the general path.
 */
function softmaxPairs(src: Float64Array, dst: Float64Array, rows: number): void {
  for (let r = 0, i = 0; r < rows; r++, i += 2) {
    const top = pairTop(src, i);
    const rest = pairRest(src, top);
    if (!(rest === rest)) {
      softmaxRow(src, dst, r, 2);
      continue;
    }
    const hi = 1 + rest;
    const c = sumCorrection(rest, 0, hi);
    const q = 1 / hi;
    const p = rest / hi;
    dst[top] = q - q * c;
    dst[top ^ 1] = p - p * c;
  }
}

/**
 * softmax(x)_i = e^(x_i) / Σ_j e^(x_j): turns logits (raw scores) into
 * probabilities that sum to 1, along one axis of an N-D array.
 *
 * The array is flat and row-major; `shape` gives its dimensions (default: one
 * slice, the whole array) and `axis` the dimension to normalise along (default
 * −1, the last; negative values count from the end). Each slice is computed
 * independently, as e^(x_i − max) / Σ e^(x_j − max): shifting by the maximum
 * keeps exp from overflowing and does not change the result.
 *
 * Special values, per slice: a NaN makes the whole slice NaN; +∞ entries
 * share probability 1 equally (all others 0), the limit of e^(x_i)/Σ; a slice of
 * only −∞ is NaN (0/0). Entries more than about 745 below the maximum get 0,
 * subnormal results are kept.
 *
 * Accuracy: every element within 4 ULP of the exact value, for any slice length
 * and any spread of values. Three things the textbook loop loses are kept: the
 * rounding of x_i − max before exp is corrected (hundreds of ULP for values
 * hundreds apart), the sum is compensated (its error would grow with the slice
 * length), and the sum's own rounding is divided out (so the confident class,
 * 1/(1 + tiny), is right to its last digit).
 *
 * `temperature` T gives softmax(x / T) from the exact quotients (T > 1
 * flattens, T < 1 sharpens); the default T = 1 costs nothing extra.
 *
 * @param x - The logits: a `Float64Array` (fast path), `Float32Array` or `number[]`.
 * @param options - `shape` and `axis`: the slices; `out`: where to write the result (may be `x`, for in place); `temperature`: divide the logits by it.
 * @returns `options.out` when given, else a new `Float64Array` of `x`'s length.
 * @throws TypeError if `x` is not an accepted array, or `shape`, `axis`, `out` or `temperature` have the wrong type, or an option is unknown.
 * @throws RangeError if the shape's product is not `x.length`, a dimension is not a non-negative integer, the axis is out of range, `out` has the wrong length or overlaps `x` at another offset, or the temperature is not positive and finite. Nothing is written then.
 *
 * @example One slice
 * ```ts
 * import { softmax } from "logits";
 *
 * softmax([1, 2, 3]); // Float64Array [0.09003057317038046, 0.24472847105479767, 0.6652409557748218]
 * softmax([1000, 1000]); // Float64Array [0.5, 0.5] (Math.exp(1000) is Infinity)
 * ```
 *
 * @example A batch: shape [rows, classes], along the last axis, in place
 * ```ts
 * import { softmax } from "logits";
 *
 * const logits = Float64Array.of(0, 0, 1, 3);
 * softmax(logits, { shape: [2, 2], out: logits }); // logits is now [0.5, 0.5, 0.11920292202211756, 0.8807970779778824]
 * ```
 *
 * @example Another axis: shape [batch, classes, time], along the classes
 * ```ts
 * import { softmax } from "logits";
 *
 * softmax(Float64Array.of(0, 10, 0, 10), { shape: [1, 2, 2], axis: 1 }); // Float64Array [0.5, 0.5, 0.5, 0.5]
 * ```
 *
 * @example Temperature
 * ```ts
 * import { softmax } from "logits";
 *
 * softmax([0, 1], { temperature: 2 }); // Float64Array [0.37754066879814546, 0.6224593312018546]
 * softmax([0, 1], { temperature: 0.1 }); // Float64Array [0.000045397868702434415, 0.9999546021312976]
 * ```
 *
 * @example Special values
 * ```ts
 * import { softmax } from "logits";
 *
 * softmax([Infinity, 0, Infinity]); // Float64Array [0.5, 0, 0.5]
 * softmax([-Infinity, 0]); // Float64Array [0, 1]
 * softmax([NaN, 0]); // Float64Array [NaN, NaN]
 * ```
 */
export function softmax(x: RealArray, options?: SoftmaxOptions): Float64Array {
  checkOptions("softmax", options, ["shape", "axis", "out", "temperature"]);
  const length = checkRealArray("softmax", "x", x);
  const { outer, n, inner } = sliceLayout("softmax", "x", length, options?.shape, options?.axis);
  const temperature = checkTemperature("softmax", options?.temperature);
  const y = sameLengthOutput("softmax", x, length, options?.out);
  const src = sourceArray(x, y);
  // Block by block: the first pass over a block of slices (the maximum, the
  // terms and their sum: restSums, in WebAssembly where it can), then the
  // division, slice by slice. Written out here, not shared through a kernel
  // parameter: a shared driver's call site sees every kernel, V8 stops
  // inlining, and rows of 10 ran twice as slow.
  const slices = outer * inner;
  if (inner === 1 && temperature === 1 && softmaxShortRows(src, y, slices, n)) return y;
  for (let first = 0; first < slices; first += BLOCK) {
    const count = Math.min(BLOCK, slices - first);
    if (softmaxRows(src, first, count, n, inner, y, temperature, SCALED_ROWS)) {
      // Both passes in the kernels: only the slices whose maximum is not finite are left.
      for (let r = 0; r < count; r++) if (TOPS[r]! < 0) softmaxSlice(src, y, sliceBase(first + r, n, inner), inner, n, r);
      continue;
    }
    restSums(src, first, count, n, inner, y, temperature, undefined, undefined, SCALED_ROWS);
    for (let r = 0; r < count; r++) softmaxSlice(src, y, sliceBase(first + r, n, inner), inner, n, r);
  }
  return y;
}

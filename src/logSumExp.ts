import { checkOptions, checkRealArray, isFloat64Array, outputBuffer } from "./internal/arrays.js";
import { infiniteSliceCount, log1pOfRest, restSum, sliceArgmax } from "./internal/expSum.js";
import { twoSumError } from "./internal/float.js";
import { sliceLayout } from "./internal/shape.js";
import type { LogSumExpOptions, RealArray } from "./types.js";

const SUM = new Float64Array(2);

/**
 * log Σ e^(x_i) of one slice, as m + log1p(rest) with m the maximum and rest
 * the sum of the other terms e^(x_i − m) (compensated, each corrected for the
 * rounding of x_i − m; see {@link restSum} and {@link log1pOfRest}).
 *
 * - Dominated by one term (rest ≪ 1): log(1 + rest) would round 1 + rest
 *   first; log1p keeps rest's digits, down to rest ≈ 1e-308.
 * - m < 0 < log1p(rest) cancel when the sum is near 1: m + hi is formed with
 *   its exact rounding error (TwoSum), and the low part of log1p(rest) is added
 *   with it, so only log1p's own rounding remains.
 *
 * @internal
 */
export function logSumExpSlice(src: Float64Array, base: number, stride: number, n: number): number {
  const top = sliceArgmax(src, base, stride, n);
  if (!(top >= 0 && src[top]! < Infinity)) {
    // NaN anywhere is NaN; +∞ dominates; all −∞ (or empty) sums to 0, whose log is −∞.
    const count = infiniteSliceCount(src, base, stride, n);
    return count > 0 ? Infinity : count === 0 ? -Infinity : NaN;
  }
  const m = src[top]!;
  restSum(src, base, stride, n, top, undefined, SUM);
  log1pOfRest(SUM);
  const lh = SUM[0]!;
  const s = m + lh;
  return s + (twoSumError(m, lh, s) + SUM[1]!);
}

/**
 * logSumExp(x) = log Σ_i e^(x_i), computed without overflow (e^1000 is ∞, but
 * logSumExp([1000, 1000]) is 1000 + log 2) or underflow, along one axis of an
 * N-D array. It is the log of softmax's denominator, and the "soft maximum":
 * max(x) ≤ logSumExp(x) ≤ max(x) + log n.
 *
 * Without `shape` (and without `out`), the whole array is one slice and a
 * number is returned. With a `shape`, the result is a `Float64Array` with one
 * element per slice: the array of the shape with the axis removed, row-major
 * (for shape [2, 3, 4] and axis 1, 2 × 4 results, result[o·4 + j] for slice
 * (o, :, j)); this holds even when there is one slice. `out` receives that
 * array. `Float32Array` and `number[]` inputs are first copied into a new
 * `Float64Array` (the output is smaller than the input, so there is no room to
 * convert them in).
 *
 * Special values, per slice: a NaN gives NaN; any +∞ entry gives +∞; a slice
 * of only −∞, or an empty one, gives −∞ (the log of an empty sum, 0).
 *
 * Accuracy: within 4 ULP of the exact value for any slice length and spread,
 * including a slice dominated by one entry (max + log1p(rest)) and the
 * cancellation of a negative max with log1p(rest) when the sum is near 1.
 *
 * @param x - A `Float64Array` (fast path), `Float32Array` or `number[]`.
 * @param options - `shape` and `axis`: the slices; `out`: where to write one result per slice.
 * @returns A number for one slice without `shape` or `out`; else `out`, or a new `Float64Array`, of one result per slice.
 * @throws TypeError if `x` is not an accepted array, or `shape`, `axis` or `out` have the wrong type.
 * @throws RangeError if the shape's product is not `x.length`, a dimension is not a non-negative integer, the axis is out of range, or `out` does not have one element per slice. Nothing is written then.
 *
 * @example One slice: a number
 * ```ts
 * import { logSumExp } from "logits";
 *
 * logSumExp([1, 2, 3]); // 3.40760596444438
 * logSumExp([1000, 1000]); // 1000.6931471805599 (Math.log(2 * Math.exp(1000)) is Infinity)
 * logSumExp([0, -40]); // 4.248354255291589e-18 (log(1 + e^-40); Math.log(1 + Math.exp(-40)) is 0)
 * ```
 *
 * @example Per row of a [rows, classes] batch: an array
 * ```ts
 * import { logSumExp } from "logits";
 *
 * logSumExp(Float64Array.of(0, 0, 1, 1), { shape: [2, 2] }); // Float64Array [0.6931471805599453, 1.6931471805599454]
 * logSumExp(Float64Array.of(0, 0, 1, 1), { shape: [2, 2], axis: 0 }); // Float64Array [1.3132616875182228, 1.3132616875182228]
 * ```
 *
 * @example Special values
 * ```ts
 * import { logSumExp } from "logits";
 *
 * logSumExp([]); // -Infinity
 * logSumExp([-Infinity, -Infinity]); // -Infinity
 * logSumExp([Infinity, 1]); // Infinity
 * logSumExp([NaN, 1]); // NaN
 * ```
 */
export function logSumExp(x: RealArray, options?: LogSumExpOptions & { shape?: undefined; out?: undefined }): number;
export function logSumExp(
  x: RealArray,
  options: LogSumExpOptions & ({ shape: readonly number[] } | { out: Float64Array }),
): Float64Array;
export function logSumExp(x: RealArray, options?: LogSumExpOptions): number | Float64Array;
export function logSumExp(x: RealArray, options?: LogSumExpOptions): number | Float64Array {
  checkOptions("logSumExp", options);
  const length = checkRealArray("logSumExp", "x", x);
  const { outer, n, inner } = sliceLayout("logSumExp", "x", length, options?.shape, options?.axis);
  const asArray = options?.shape !== undefined || options?.out !== undefined;
  const y = asArray ? outputBuffer("logSumExp", options.out, outer * inner, "the number of slices") : undefined;
  const src = isFloat64Array(x) ? x : Float64Array.from(x);
  if (y === undefined) return logSumExpSlice(src, 0, 1, n);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) y[o * inner + j] = logSumExpSlice(src, o * n * inner + j, inner, n);
  }
  return y;
}

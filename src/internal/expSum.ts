/**
 * The passes shared by softmax, logSoftmax and logSumExp over one slice: the
 * maximum, the compensated sum of the other terms e^(x_i − max), the log of the
 * whole sum as a double-double, and the slices whose maximum is not finite.
 *
 * A slice is `n` elements of `src` from `base`, `stride` apart.
 */
import { fastTwoSumError, twoProductError, twoSumError } from "./float.js";

/**
 * The index of the first largest element of a slice, ignoring NaN; −1 when no
 * element exceeds −∞ (an empty slice, or only −∞ and NaN).
 */
export function sliceArgmax(src: Float64Array, base: number, stride: number, n: number): number {
  let m = -Infinity;
  let top = -1;
  for (let k = 0, i = base; k < n; k++, i += stride) {
    const v = src[i]!;
    if (v > m) {
      m = v;
      top = i;
    }
  }
  return top;
}

/**
 * rest = Σ e^(x_i − m) over a slice except its maximum x_top = m (finite), as
 * hi + lo in `sum` (sum[0] = hi, sum[1] = lo). The maximum's own term is
 * exactly 1 and is left out, so that a rest far below 1 is summed to its own
 * precision (added to 1, it would fall into the low-order part, where a
 * compensated sum adds naively). When `dst` is given, every term is also written
 * there at the element's own index (1 at `top`), so `dst` may be `src`.
 *
 * - d = x_i − m is rounded before exp, and e^d is then off by the relative
 *   amount of the rounding error t, which reaches hundreds of ULP when |d| is in
 *   the hundreds. t is recovered exactly (TwoSum) and e^(x_i − m) = e^d · e^t ≈
 *   e^d (1 + t). Entries with e^d = 0 (−∞, or far below m) skip the correction,
 *   whose TwoSum would be NaN for an infinite x_i.
 * - The terms are summed with their rounding errors carried in `lo` (TwoSum per
 *   addition), so the sum's error does not grow with n.
 * A NaN element makes the sum NaN.
 */
export function restSum(
  src: Float64Array,
  base: number,
  stride: number,
  n: number,
  top: number,
  dst: Float64Array | undefined,
  sum: Float64Array,
): void {
  const m = src[top]!;
  let hi = 0;
  let lo = 0;
  for (let k = 0, i = base; k < n; k++, i += stride) {
    if (i === top) continue;
    const v = src[i]!;
    const d = v - m;
    const e = Math.exp(d);
    const term = e === 0 ? 0 : e + e * twoSumError(v, -m, d);
    if (dst !== undefined) dst[i] = term;
    const s = hi + term;
    lo += twoSumError(hi, term, s);
    hi = s;
  }
  if (dst !== undefined) dst[top] = 1;
  const s = hi + lo;
  sum[0] = s;
  sum[1] = fastTwoSumError(hi, lo, s);
}

/**
 * {@link restSum} of the terms e^((x_i − m)/T), for a temperature T ≠ 1, the
 * division's rounding corrected as well ({@link scaledShiftError}). A loop of
 * its own: the temperature's test inside the plain loop cost logSoftmax 18%
 * on the default path.
 */
export function scaledRestSum(
  src: Float64Array,
  base: number,
  stride: number,
  n: number,
  top: number,
  dst: Float64Array | undefined,
  sum: Float64Array,
  temperature: number,
): void {
  const m = src[top]!;
  let hi = 0;
  let lo = 0;
  for (let k = 0, i = base; k < n; k++, i += stride) {
    if (i === top) continue;
    const v = src[i]!;
    const d = v - m;
    const z = d / temperature;
    const e = Math.exp(z);
    const term = e === 0 ? 0 : e + e * scaledShiftError(v, m, d, temperature, z);
    if (dst !== undefined) dst[i] = term;
    const s = hi + term;
    lo += twoSumError(hi, term, s);
    hi = s;
  }
  if (dst !== undefined) dst[top] = 1;
  const s = hi + lo;
  sum[0] = s;
  sum[1] = fastTwoSumError(hi, lo, s);
}

/**
 * The exact error of z, the rounded (x − m)/T, given d = fl(x − m): to first
 * order (x − m)/T = z + error. The subtraction's error comes from TwoSum, the
 * division's remainder d − z·T is formed exactly (Dekker's product; d − fl(z·T)
 * is exact, the two being neighbours), and both are divided by T. NaN for an
 * infinite x: callers skip it where e^z = 0.
 */
export function scaledShiftError(v: number, m: number, d: number, temperature: number, z: number): number {
  const p = z * temperature;
  return (d - p - twoProductError(z, temperature, p) + twoSumError(v, -m, d)) / temperature;
}

/**
 * log(1 + rest) for rest = sum[0] + sum[1] from {@link restSum}, in place as a
 * double-double: sum[0] = log1p(hi), sum[1] = lo / (1 + hi), the first-order
 * effect of the low part. log1p keeps every digit of a rest far below 1, where
 * log(1 + rest) would round 1 + rest first and return 0 below 2^-53.
 */
export function log1pOfRest(sum: Float64Array): void {
  const hi = sum[0]!;
  sum[0] = Math.log1p(hi);
  sum[1] = sum[1]! / (1 + hi);
}

/**
 * Classifies a slice whose maximum is not finite (+∞, or −∞ when every element
 * is −∞ or NaN, or the slice is empty): NaN if any element is NaN, else the
 * number of +∞ elements (0 when all are −∞).
 */
export function infiniteSliceCount(src: Float64Array, base: number, stride: number, n: number): number {
  let count = 0;
  for (let k = 0, i = base; k < n; k++, i += stride) {
    const v = src[i]!;
    if (v !== v) return NaN;
    if (v === Infinity) count++;
  }
  return count;
}

/**
 * Writes the limits of a slice whose maximum is not finite: `share(count)` for
 * each of the `count` +∞ entries and `elsewhere` for the others, where shifting
 * by the maximum would give ∞ − ∞ = NaN; NaN everywhere for a slice of only −∞
 * (0/0) or with a NaN.
 */
export function fillInfiniteSlice(
  src: Float64Array,
  dst: Float64Array,
  base: number,
  stride: number,
  n: number,
  share: (count: number) => number,
  elsewhere: number,
): void {
  const count = infiniteSliceCount(src, base, stride, n);
  const atInfinity = count > 0 ? share(count) : NaN;
  const other = count > 0 ? elsewhere : NaN;
  for (let k = 0, i = base; k < n; k++, i += stride) dst[i] = src[i] === Infinity ? atInfinity : other;
}

/** Checks a softmax temperature: undefined (1) or a positive finite number. */
export function checkTemperature(fn: string, temperature: unknown): number {
  if (temperature === undefined) return 1;
  if (typeof temperature !== "number") {
    throw new TypeError(`${fn}: temperature must be a number; got ${typeof temperature}`);
  }
  if (!(temperature > 0 && temperature < Infinity)) {
    throw new RangeError(`${fn}: temperature must be a positive finite number; got ${temperature}`);
  }
  return temperature;
}

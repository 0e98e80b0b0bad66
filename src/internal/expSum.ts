/**
 * The passes shared by softmax, logSoftmax and logSumExp over one slice: the
 * maximum, the compensated sum of the other terms e^(x_i − max), the log of the
 * whole sum as a double-double, and the slices whose maximum is not finite.
 *
 * A slice is `n` elements of `src` from `base`, `stride` apart.
 */
import { describe } from "./arrays.js";
import { expOf } from "./exp.js";
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
 * - A term below 2^-1022 is subnormal: rounded to a fixed absolute step, n of
 *   them would add n half-steps of error to a rest that is itself subnormal
 *   (where logSoftmax's top element and the confident gradient are −rest).
 *   Such terms are summed apart, scaled by 2^600 ({@link scaledTinyTerm}), and
 *   the tiny sum is added once at the end. Rows within 708 of their maximum
 *   never take that branch.
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
  let tiny = 0;
  for (let k = 0, i = base; k < n; k++, i += stride) {
    if (i === top) continue;
    const v = src[i]!;
    const d = v - m;
    const e = expOf(d);
    const t = twoSumError(v, -m, d);
    const term = e === 0 ? 0 : e + e * t;
    if (dst !== undefined) dst[i] = term;
    if (e < MIN_NORMAL) {
      if (d > TINY_FLOOR) tiny += scaledTinyTerm(d, t);
      continue;
    }
    const s = hi + term;
    lo += twoSumError(hi, term, s);
    hi = s;
  }
  if (dst !== undefined) dst[top] = 1;
  finishRest(hi, lo, tiny, sum);
}

/** The smallest normal double, 2^-1022 (a literal, so that bundlers can drop it: see float.ts). */
export const MIN_NORMAL = 2.2250738585072014e-308;
/** Below this d, e^d · 2^600 is itself below 2^-1022 · 2^-53 (or d is −∞, or NaN fails it): nothing to add. */
export const TINY_FLOOR = -1500;
/**
 * 600 ln 2 as the nearest double and its remainder (from 60-digit decimal):
 * the remainder is the first-order correction of e^(d + 600 ln 2), so it must
 * be small (1.8e-14; a 32-bit split would leave 1e-7, whose square is 30 ULP).
 */
const TINY_SHIFT_HI = 415.88830833596717;
const TINY_SHIFT_LO = 1.8355172981578424e-14;

/**
 * e^(d + t) · 2^600 for a d whose e^d is subnormal: exp of d + 600 ln 2, with
 * the roundings of that sum and of d itself (t) corrected to first order.
 */
export function scaledTinyTerm(d: number, t: number): number {
  const s = d + TINY_SHIFT_HI;
  const e = expOf(s);
  return e + e * (twoSumError(d, TINY_SHIFT_HI, s) + TINY_SHIFT_LO + t);
}

/** Writes rest = hi + lo + tiny · 2^-600 into `sum` as a double-double, and tiny (the scaled sum of the subnormal terms) into sum[2]. */
function finishRest(hi: number, lo: number, tiny: number, sum: Float64Array): void {
  if (tiny !== 0) {
    // Added once: one rounding in the subnormal range instead of one per term.
    const small = tiny * 2 ** -600;
    const s = hi + small;
    lo += twoSumError(hi, small, s);
    hi = s;
  }
  const s = hi + lo;
  sum[0] = s;
  sum[1] = fastTwoSumError(hi, lo, s);
  // Whether some term was subnormal (their sum, scaled): the losses' gradients redo those.
  sum[2] = tiny;
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
  let tiny = 0;
  for (let k = 0, i = base; k < n; k++, i += stride) {
    if (i === top) continue;
    const v = src[i]!;
    const d = v - m;
    const z = scaledShift(v, m, d, temperature);
    const e = expOf(z);
    // z = −∞ (x = −∞) has no rounding error to recover (and Dekker's product would not end).
    const t = z > TINY_FLOOR ? scaledShiftError(v, m, d, temperature, z) : 0;
    const term = e === 0 ? 0 : e + e * t;
    if (dst !== undefined) dst[i] = term;
    if (e < MIN_NORMAL) {
      if (z > TINY_FLOOR) tiny += scaledTinyTerm(z, t);
      continue;
    }
    const s = hi + term;
    lo += twoSumError(hi, term, s);
    hi = s;
  }
  if (dst !== undefined) dst[top] = 1;
  finishRest(hi, lo, tiny, sum);
}

/**
 * Below −2^1020, x − m is formed from quarters (exact for values this large),
 * so that neither x − m nor z·T overflows where (x − m)/T does not: x = −10^308,
 * m = 10^308 and T = 10^308 give z = −2, not −∞.
 */
const LARGE = 1.1235582092889474e307; // 2^1020, a literal (see float.ts)

/** z = fl((x − m)/T) for a shift d = fl(x − m) (see {@link LARGE}). */
export function scaledShift(v: number, m: number, d: number, temperature: number): number {
  return d >= -LARGE ? d / temperature : 4 * ((v / 4 - m / 4) / temperature);
}

/**
 * The exact error of z, the rounded (x − m)/T, given d = fl(x − m): to first
 * order (x − m)/T = z + error. The subtraction's error comes from TwoSum, the
 * division's remainder d − z·T is formed exactly (Dekker's product; d − fl(z·T)
 * is exact, the two being neighbours), and both are divided by T; from the
 * quarters below −2^1020. NaN for an infinite x: callers skip it where e^z = 0.
 */
export function scaledShiftError(v: number, m: number, d: number, temperature: number, z: number): number {
  if (d < -LARGE) return 4 * shiftRemainder(v / 4, m / 4, v / 4 - m / 4, temperature, z / 4);
  return shiftRemainder(v, m, d, temperature, z);
}

function shiftRemainder(v: number, m: number, d: number, temperature: number, z: number): number {
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
    throw new TypeError(`${fn}: temperature must be a number; got ${describe(temperature)}`);
  }
  if (!(temperature > 0 && temperature < Infinity)) {
    throw new RangeError(`${fn}: temperature must be a positive finite number; got ${temperature}`);
  }
  return temperature;
}

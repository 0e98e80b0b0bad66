import { checkOptions, checkRealArray, checkSeparate, describe, isFloat64Array, outputBuffer } from "./internal/arrays.js";
import { expOf } from "./internal/exp.js";
import { BLOCK, infiniteSliceCount, pairRest, pairTop, restSums, sliceArgmax, sliceBase, TOPS } from "./internal/expSum.js";
import { expFixed, fixedToNumber } from "./internal/fixedPoint.js";
import { LN2_HI, LN2_LO, binaryExponent, fastTwoSumError, significand, inRangeProductError, timesPowerOfTwo, twoSumError } from "./internal/float.js";
import { log1pOf, logOf } from "./internal/log.js";
import { nearOneSum } from "./internal/nearOneSum.js";
import { runShortRows, SHORT_LOG_SUM_EXP, shortRowKernels } from "./internal/shortRows.js";
import { sliceLayout } from "./internal/shape.js";
import { CHUNK } from "./internal/wasm.js";
import { LOGS, REST_LOGS } from "./internal/restLogs.js";
import type { LogSumExpOptions, RealArray, SignedLogSumExp, SignedLogSumExpOptions } from "./types.js";

const SUM = /* @__PURE__ */ new Float64Array(3);

/**
 * log Σ e^(x_i) of slice r of a block, whose first pass {@link restSums} has
 * done, as m + log1p(rest) with m the maximum and rest the sum of the other
 * terms e^(x_i − m) (compensated, each corrected for the rounding of x_i − m;
 * see {@link restSum}), its log1p in LOGS.
 *
 * - Dominated by one term (rest ≪ 1): log(1 + rest) would round 1 + rest
 *   first; log1p keeps rest's digits, down to rest ≈ 1e-308.
 * - m < 0 < log1p(rest) cancel when the sum is near 1: m + hi is formed with
 *   its exact rounding error (TwoSum), and the low part of rest is added with
 *   it, so only the roundings of log1p and of the terms remain. They are
 *   relative to log1p(rest), not to the result, and grow as 2^k ULP when k bits
 *   cancel; past two bits the slice's sum S − 1 is formed again, to 2^-54 of
 *   itself ({@link nearOneLogSumExp}).
 *
 * @internal
 */
export function logSumExpSlice(src: Float64Array, base: number, stride: number, n: number, r: number): number {
  const top = TOPS[r]!;
  if (top < 0) {
    // NaN anywhere is NaN; +∞ dominates; all −∞ (or empty) sums to 0, whose log is −∞.
    const count = infiniteSliceCount(src, base, stride, n);
    return count > 0 ? Infinity : count === 0 ? -Infinity : NaN;
  }
  return logSumExpOf(src, base, stride, n, src[top]!, LOGS[2 * r]!, LOGS[2 * r + 1]!);
}

/** m + (lh + ll) for a slice of maximum m, with log1p(rest) = lh + ll ({@link logSumExpSlice}). */
function logSumExpOf(src: Float64Array, base: number, stride: number, n: number, m: number, lh: number, ll: number): number {
  const s = m + lh;
  return nearOneChecked(src, base, stride, n, m, lh, s + (twoSumError(m, lh, s) + ll));
}

/**
 * `value`, {@link logSumExpOf}'s m + (lh + ll), or the slice's sum taken
 * again where more than two bits cancelled in it (NaN compares false and
 * stays). Up to two, the error stays within 2.5 ULP (measured over 20000
 * rows per bit of cancellation: 1.1 ULP up to one bit, 2.4 up to two, 6.3
 * up to three).
 */
function nearOneChecked(src: Float64Array, base: number, stride: number, n: number, m: number, lh: number, value: number): number {
  return m < 0 && Math.abs(value) * 4 < lh ? nearOneLogSumExp(src, base, stride, n, lh) : value;
}

/**
 * logSumExp of `rows` contiguous short rows of n (2 to SHORT_MAX) into `y`
 * (their signs into `signs`), without the first pass's records: on the
 * short rows' kernels ({@link runShortRows}), a row to a lane, with the
 * general path's bits; where they do not run, rows of two one step per row
 * in JavaScript ({@link logSumExpPairs}). False, with nothing written, for
 * other rows, and for longer ones without the kernels (the general path
 * then does them).
 */
function logSumExpShortRows(src: Float64Array, y: Float64Array, signs: Float64Array | undefined, rows: number, n: number): boolean {
  const k = shortRowKernels(rows * n, n);
  if (k === null) {
    if (n !== 2) return false;
    logSumExpPairs(src, y, signs, rows);
    return true;
  }
  const per = Math.floor(CHUNK / n);
  for (let r0 = 0; r0 < rows; r0 += per) {
    const count = Math.min(per, rows - r0);
    const done = runShortRows(k, src, r0, count, n, SHORT_LOG_SUM_EXP);
    let left: number[] | undefined;
    for (let q = 0, r = r0; q < count; q++, r++) {
      const value = done[q * n]!;
      const lh = done[q * n + 1]!;
      if (!(value === value)) {
        (left ??= []).push(r);
        continue;
      }
      // The maximum is read only where the sum may be near 1 (nearOneChecked's
      // test, in the other order: the read and its comparison cost a third).
      const base = r * n;
      y[r] = Math.abs(value) * 4 < lh ? nearOneChecked(src, base, 1, n, src[sliceArgmax(src, base, 1, n)]!, lh, value) : value;
      // Unweighted, the sign of a finite sum is never negative.
      if (signs !== undefined) signs[r] = 1;
    }
    // The rows the kernel left, once its results are out: their general path
    // may run the first pass's kernels, on its memory.
    if (left !== undefined) for (const r of left) logSumExpRow(src, y, signs, r, n);
  }
  return true;
}

/** logSumExp of the contiguous row r of n on the general path, as a block of one slice, and its sign. */
function logSumExpRow(src: Float64Array, y: Float64Array, signs: Float64Array | undefined, r: number, n: number): void {
  restSums(src, r, 1, n, 1, undefined, 1, REST_LOGS);
  y[r] = anySlice(src, undefined, r * n, 1, n, 0);
  if (signs !== undefined) signs[r] = lastSign;
}

/**
 * logSumExp of `rows` contiguous rows of two in JavaScript, where the
 * kernels do not run: logSumExpSlice's steps for a rest of one term
 * ({@link pairRest}; its low part, and so ll, 0), the same bits, without
 * the first pass's records. Rows pairRest leaves (NaN) take the general
 * path. Unweighted, the sign is never negative: the value stands.
 */
function logSumExpPairs(src: Float64Array, y: Float64Array, signs: Float64Array | undefined, rows: number): void {
  for (let r = 0, i = 0; r < rows; r++, i += 2) {
    const top = pairTop(src, i);
    const rest = pairRest(src, top);
    if (!(rest === rest)) {
      logSumExpRow(src, y, signs, r, 2);
      continue;
    }
    y[r] = logSumExpOf(src, i, 1, 2, src[top]!, log1pOf(rest), 0);
    if (signs !== undefined) signs[r] = 1;
  }
}

/**
 * The most fractional bits {@link nearOneLogSumExp} uses. A sum still unresolved
 * there has |S − 1| < 2n · 2^(62 − 1200), a result below 2^-1107 for any n < 2^30:
 * it rounds to 0 or the least subnormal, as the exact value does.
 */
const MAX_BITS = 1200;

const NEAR = /* @__PURE__ */ new Float64Array(3);

/**
 * log Σ e^(x_i) for a slice whose sum S is near 1 (its maximum m < 0 and the
 * result far below log1p(rest) ≈ −m), as log1p(S − 1): log1p is well
 * conditioned, so the result is as exact as S − 1, which is summed again in
 * two tiers.
 * - {@link nearOneSum}: S − 1 = u + ue with a bound on its error, about
 *   2^-130 max(S, 1) (relative to e^x − 1 for the term of an x near 0),
 *   about 0.12 µs per element. Where the bound is within 2^-54 of |u| (under
 *   half an ULP), the result is log1p(u) + ue/(1 + u). This is the tier of
 *   log-probabilities that sum to 1 up to their roundings (S − 1 about 2^-53
 *   to 2^-85, lower in a confident row, whose most likely class has x near
 *   0), and of every sum that cancels less than about 75 bits.
 * - Deeper, in BigInt fixed point: each term e^(x_i) to within 2^-q
 *   ({@link expFixed}), which bounds the error of S − 1 by 2n units; q grows
 *   until that bound is below 2^-62 |S − 1|, starting from the bits that u
 *   says cancel. Terms below 2^-(q+2) are left out (within the bound).
 *   Microseconds per element (more when the sum cancels at a tiny scale:
 *   m = −1e-300 needs q ≈ 1100).
 */
function nearOneLogSumExp(src: Float64Array, base: number, stride: number, n: number, scale: number): number {
  nearOneSum(src, base, stride, n, NEAR);
  const u = NEAR[0]!;
  if (NEAR[2]! <= 2 ** -54 * Math.abs(u)) return log1pOf(u) + NEAR[1]! / (1 + u);
  const size = Math.max(Math.abs(u), scale * 2 ** -60);
  let q = Math.min(MAX_BITS, Math.ceil(Math.log2(2 * n) + 66 - Math.log2(size)));
  for (;;) {
    const floor = -(q + 2) * Math.LN2;
    let sum = -(1n << BigInt(q));
    for (let k = 0, i = base; k < n; k++, i += stride) {
      const v = src[i]!;
      if (v >= floor) sum += expFixed(v, q);
    }
    const bound = BigInt(2 * n) << 62n;
    if (sum > bound || sum < -bound || q >= MAX_BITS) return log1pOf(fixedToNumber(sum, q));
    q = Math.min(MAX_BITS, 2 * q);
  }
}

/** The sign of the last slice, set by {@link weightedLogSumExpSlice} and {@link anySlice}. */
let lastSign = 1;

/**
 * log |Σ b_i e^(x_i)| of one slice, and its sign in `lastSign`, over the
 * elements with b_i ≠ 0. Each weight is split as b_i = f_i · 2^(e_i) with |f_i|
 * in [1, 2) (from its bits, exactly), and each term computed as
 * f_i · e^(x_i − x_top + (e_i − E) ln 2): the power of 2 goes into the
 * exponent, so that a weight far from 1 neither overflows its term nor leaves
 * it subnormal and short of digits where the sum depends on it (x = [717, 0],
 * b = [5e-324, 1e300]: e^(−717) is subnormal). The anchor `top` is the max x
 * (E = 0), unless the largest term is beyond 2^±600: then it is that term's
 * element, and E its weight's exponent, so that the sum S is within [1, 2n]
 * (b = [5e-324, 5e-324], b = [1e308, 1e308]). Each exponent is corrected for
 * the roundings of x_i − x_top and of the ln 2 multiple; the terms other than
 * top are summed into rest with their rounding errors and the exact errors of
 * the products (Dekker) carried in the low part. S = b_top 2^(−E) + rest,
 * and S − 1 is formed with its rounding errors (TwoSum), so that for S ≥ 0.5
 * log S = log1p(S − 1) keeps a rest far below 1. A sum below 0.5 (or
 * negative) takes log |S| from S itself. The result is
 * m + ((x_top − m) + E ln 2 + log S), m the max x. Unlike the unweighted
 * slice, a result cancelled near 0 is not summed again exactly (hence the
 * absolute bound).
 *
 * Weights bring cancellations the unweighted sum does not have: m can cancel
 * log S (a weight far from 1, as in x = [691], b = [1e-300]), S can be near 1
 * by the weights (b = [0.5, …] and the others summing to 0.5), and with weights
 * of both signs S itself can cancel. The error bound is therefore absolute:
 * within 4 ULP of the largest of |result|, |m| and 1, times the condition number
 * Σ |b_i e^(x_i − m)| / |S| (1 for non-negative weights).
 *
 * @internal
 */
export function weightedLogSumExpSlice(src: Float64Array, w: Float64Array, base: number, stride: number, n: number): number {
  let m = -Infinity;
  let top = -1;
  let least = Infinity;
  let most = 0;
  let infinite = 0;
  let infiniteWeight = false;
  let positive = false;
  let negative = false;
  let nan = false;
  for (let k = 0, i = base; k < n; k++, i += stride) {
    const v = src[i]!;
    const b = w[i]!;
    if (b === 0) continue;
    // An infinite weight makes its term infinite, but ∞ · e^(−∞) is ∞ · 0.
    if (v !== v || b !== b || (v === -Infinity && Math.abs(b) === Infinity)) nan = true;
    else {
      if (v > m) {
        m = v;
        top = i;
      }
      const a = Math.abs(b);
      if (a < least) least = a;
      if (a > most) most = a;
    }
    if (v === Infinity) infinite += b;
    if (v === Infinity || Math.abs(b) === Infinity) {
      infiniteWeight ||= Math.abs(b) === Infinity;
      positive ||= b > 0;
      negative ||= b < 0;
    }
  }
  if (nan) return (lastSign = NaN);
  if (m === Infinity || infiniteWeight) {
    // The infinite terms decide. With finite weights, those of the +∞ entries
    // sum to the sign (the limit of e^x Σ b_i); with infinite weights, every
    // infinite term has its weight's sign. Signs that cancel leave ∞ − ∞.
    const sum = infiniteWeight ? (positive ? 1 : 0) - (negative ? 1 : 0) : infinite;
    lastSign = sum > 0 ? 1 : sum < 0 ? -1 : NaN;
    return sum === 0 ? NaN : Infinity;
  }
  if (top < 0) {
    lastSign = 0;
    return -Infinity;
  }
  // Weights within 2^±500 (the usual ones) keep the anchor at the max x
  // (E = 0), unsplit: each term b_i e^(x_i − m) is below 2^501, and one whose
  // e^(x_i − m) is subnormal is below 2^-521, its error below 2^-574 against
  // a sum of magnitudes of at least |b_top| ≥ 2^-500. Beyond, the largest term
  // is about e^(key − m), key = x + e ln 2 (e its weight's exponent):
  // anchored at the max x, log S is the result less m, and no larger than
  // both; only when that term is out of [2^-600, 2^600] (so that the sum
  // could overflow, or the terms that count be subnormal) is the anchor moved
  // to it, with E its weight's exponent, making S within [1, 2n].
  const split = most > 3.273390607896142e150 || least < 3.054936363499605e-151; // 2^500, 2^-500
  let E = 0;
  if (split) {
    const keyTop = largestKey(src, w, base, stride, n);
    const keyE = binaryExponent(w[keyTop]!);
    if (Math.abs(src[keyTop]! - m + keyE * LN2_HI) > 600 * LN2_HI) {
      top = keyTop;
      E = keyE;
    }
  }
  weightedRestSum(src, w, base, stride, n, top, E, split, SUM);
  return weightedLog(src, w, m, top, E);
}

/**
 * The end of {@link weightedLogSumExpSlice}: its result from the rest in SUM,
 * for the slice of maximum m anchored at `top` with exponent E. A function of
 * its own so that V8 spends its inlining budget on the rest sum's loop (its
 * exp), not on these logs, which run once per slice.
 */
function weightedLog(src: Float64Array, w: Float64Array, m: number, top: number, E: number): number {
  const rh = SUM[0]!;
  const rl = SUM[1]!;
  // S − 1 = (f_top − 1) + rest, with the rounding errors of both additions.
  const ft = timesPowerOfTwo(w[top]!, -E);
  const h = ft - 1;
  const u = h + rh;
  const ue = twoSumError(h, rh, u) + twoSumError(ft, -1, h) + rl;
  let lh: number;
  let ll: number;
  if (u + ue >= -0.5) {
    lastSign = 1;
    lh = log1pOf(u);
    ll = ue / (1 + u);
  } else {
    // S = 1 + u + ue below 0.5, or negative.
    const sh = 1 + u;
    const sl = twoSumError(1, u, sh) + ue;
    const s = sh + sl;
    if (s === 0) {
      lastSign = 0;
      return -Infinity;
    }
    lastSign = s > 0 ? 1 : -1;
    const a = Math.abs(s);
    const al = (s > 0 ? 1 : -1) * fastTwoSumError(sh, sl, s);
    lh = logOf(a);
    ll = al / a;
  }
  // m + ((x_top − m) + E ln 2 + log S): the bracket, log Σ b_i e^(x_i − m),
  // is at most |m| + |result| (for non-negative weights), and each addition's
  // rounding error is carried (E · LN2_HI is exact), so the one cancellation
  // left, of m against the bracket, is within the bound.
  const xt = src[top]!;
  const d = xt - m;
  const c = E * LN2_HI;
  const p = d + c;
  const q = p + lh;
  const t = m + q;
  const lo = twoSumError(xt, -m, d) + twoSumError(d, c, p) + twoSumError(p, lh, q) + (ll + E * LN2_LO);
  return t + (twoSumError(m, q, t) + lo);
}


/**
 * The element of the largest key x + e ln 2 among those with b ≠ 0 (e its
 * weight's exponent; the slice's x and b are finite or −∞ there), the first
 * of equal ones. Its x and e are compared apart: a key summed into one double
 * loses e ln 2 (up to 745) against an x beyond 2^62 (1e308 absorbs it whole),
 * which put weights of 1e308 on x = 1.8e308 at the max x and overflowed their
 * sum.
 */
function largestKey(src: Float64Array, w: Float64Array, base: number, stride: number, n: number): number {
  let keyX = -Infinity;
  let keyE = 0;
  let keyTop = -1;
  for (let k = 0, i = base; k < n; k++, i += stride) {
    const b = w[i]!;
    if (b === 0) continue;
    const v = src[i]!;
    const e = binaryExponent(b);
    if (keyTop < 0 || v - keyX + (e - keyE) * LN2_HI > 0) {
      keyX = v;
      keyE = e;
      keyTop = i;
    }
  }
  return keyTop;
}

/**
 * rest = Σ f_i e^(x_i − m + (e_i − E) ln 2) over the elements with b_i ≠ 0 other
 * than `top`, as hi + lo in `sum`: each exponential corrected for the roundings
 * of x_i − m and of adding (e_i − E) ln 2 (the multiple of LN2_HI is exact),
 * the products' exact errors (Dekker) and the additions' (TwoSum) carried in lo.
 * Unless `split`, f_i = b_i and e_i = E = 0: no bits to read for weights
 * within 2^±500 (see weightedLogSumExpSlice).
 */
function weightedRestSum(
  src: Float64Array,
  w: Float64Array,
  base: number,
  stride: number,
  n: number,
  top: number,
  E: number,
  split: boolean,
  sum: Float64Array,
): void {
  const m = src[top]!;
  let rh = 0;
  let rl = 0;
  for (let k = 0, i = base; k < n; k++, i += stride) {
    const b = w[i]!;
    if (b === 0 || i === top) continue;
    const v = src[i]!;
    const j = split ? binaryExponent(b) - E : 0;
    const f = split ? significand(b) : b;
    // x_i − m + j ln 2 in three additions, each rounding error recovered:
    // j · LN2_LO (up to 4e-7) is added before exp, not in the correction,
    // whose first-order e^δ ≈ 1 + δ must only see δ of the order of 2^-53.
    const d = v - m;
    const c = j * LN2_HI;
    const cl = j * LN2_LO;
    const y = d + c;
    const z = y + cl;
    const ez = expOf(z);
    if (ez === 0) continue;
    const term = ez + ez * (twoSumError(v, -m, d) + twoSumError(d, c, y) + twoSumError(y, cl, z));
    const p = f * term;
    const s = rh + p;
    rl += twoSumError(rh, p, s) + inRangeProductError(f, term, p);
    rh = s;
  }
  const rest = rh + rl;
  sum[0] = rest;
  sum[1] = fastTwoSumError(rh, rl, rest);
}

/**
 * Slice r of a block, weighted or not (unweighted, after {@link restSums});
 * its sign in `lastSign` (1, or 0 for an empty sum, NaN for NaN).
 */
function anySlice(src: Float64Array, w: Float64Array | undefined, base: number, stride: number, n: number, r: number): number {
  if (w !== undefined) return weightedLogSumExpSlice(src, w, base, stride, n);
  const value = logSumExpSlice(src, base, stride, n, r);
  lastSign = value === -Infinity ? 0 : value === value ? 1 : NaN;
  return value;
}

/** Checks the weights: an accepted array of the length of `x`, as a `Float64Array`. */
/** Checks `returnSign` (a boolean, default false) and that `signOut` comes with it. */
function checkReturnSign(options: LogSumExpOptions | SignedLogSumExpOptions | undefined): boolean {
  const signed: unknown = options?.returnSign;
  if (signed !== undefined && typeof signed !== "boolean") {
    throw new TypeError(`logSumExp: returnSign must be a boolean; got ${describe(signed)}`);
  }
  if (signed !== true && (options as SignedLogSumExpOptions | undefined)?.signOut !== undefined) {
    throw new TypeError("logSumExp: signOut holds the signs and needs returnSign: true");
  }
  return signed === true;
}

function weightsOf(b: unknown, length: number): Float64Array {
  const bl = checkRealArray("logSumExp", "b", b);
  if (bl !== length) throw new RangeError(`logSumExp: b has length ${bl} but x has length ${length}`);
  return isFloat64Array(b) ? b : Float64Array.from(b as Float32Array | readonly number[]);
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
 * array. `Float32Array` and `number[]` inputs (and weights) are first copied
 * into a new `Float64Array` (the output is smaller than the input, so there is
 * no room to convert them in).
 *
 * Weights `b` (as SciPy's `logsumexp(a, b=...)`) give log |Σ b_i e^(x_i)|; a
 * negative sum gives NaN, unless `returnSign: true`, which returns
 * `{ value, sign }` (numbers, or arrays with `shape`, `out` or `signOut`), the
 * sign +1, −1, or 0 for a sum of 0 (value −∞).
 *
 * Special values, per slice: a NaN gives NaN; any +∞ entry gives +∞; a slice
 * of only −∞, or an empty one, gives −∞ (the log of an empty sum, 0). With
 * weights, elements with b_i = 0 are left out (so x_i = ±∞ there does not
 * matter), and +∞ entries give +∞ with the sign of their weights' sum (NaN when
 * those weights sum to 0). An infinite weight makes its term infinite: the
 * result is +∞ with the infinite terms' sign, NaN when they have both signs or
 * when b_i = ±∞ meets x_i = −∞ (∞ · 0).
 *
 * Accuracy: within 4 ULP of the exact value for any slice length and spread,
 * including a slice dominated by one entry (max + log1p(rest)) and a negative max
 * that cancels log1p(rest): when the result is near 0 because the sum of
 * e^(x_i) is near 1 (log-probabilities, which sum to 1 up to their roundings),
 * the sum is redone more precisely for those slices only: about 0.12 µs per
 * element where it cancels less than about 75 bits (each exponential to about
 * 2^-130; log-probabilities from `logSoftmax`, except the most confident rows),
 * microseconds in exact fixed-point arithmetic beyond. With weights the bound is absolute (weights make more cancellations
 * possible): within 4 ULP of the largest of |result|, |max| and 1, times
 * Σ |b_i e^(x_i)| / |Σ b_i e^(x_i)| when weights of both signs cancel.
 *
 * @param x - A `Float64Array` (fast path), `Float32Array` or `number[]`.
 * @param options - `shape` and `axis`: the slices; `out`: where to write one result per slice; `b`: weights; `returnSign`, `signOut`: the signs.
 * @returns A number for one slice without `shape` or `out`; else `out`, or a new `Float64Array`, of one result per slice. With `returnSign`, `{ value, sign }` of those.
 * @throws TypeError if `x` or `b` is not an accepted array, or `shape`, `axis`, `out`, `signOut` or `returnSign` have the wrong type, `signOut` comes without `returnSign: true`, or an option is unknown.
 * @throws RangeError if the shape's product is not `x.length`, a dimension is not a non-negative integer, the axis is out of range, `b` is not of `x`'s length, or `out` or `signOut` does not have one element per slice or shares memory with an input or the other. Nothing is written then.
 *
 * @example One slice: a number
 * ```ts
 * import { logSumExp } from "logits";
 *
 * logSumExp([1, 2, 3]); // 3.40760596444438
 * logSumExp([1000, 1000]); // 1000.6931471805599 (Math.log(2 * Math.exp(1000)) is Infinity)
 * logSumExp([0, -40]); // 4.248354255291589e-18 (log(1 + e^-40); Math.log(1 + Math.exp(-40)) is 0)
 * logSumExp([Math.log(0.5), Math.log(0.5)]); // 2.3190468138462996e-17 (the rounding error of Math.log(0.5), not 0)
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
 * @example Weights and signs (SciPy's b and return_sign)
 * ```ts
 * import { logSumExp } from "logits";
 *
 * logSumExp([0, 0], { b: [2, 1] }); // 1.0986122886681096 (log 3)
 * logSumExp([0, 1], { b: [1, -1] }); // NaN (the sum 1 − e is negative)
 * logSumExp([0, 1], { b: [1, -1], returnSign: true }); // { value: 0.5413248546129181, sign: -1 }
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
export function logSumExp(
  x: RealArray,
  options: SignedLogSumExpOptions & { shape?: undefined; out?: undefined; signOut?: undefined },
): SignedLogSumExp<number>;
export function logSumExp(
  x: RealArray,
  options: SignedLogSumExpOptions & ({ shape: readonly number[] } | { out: Float64Array } | { signOut: Float64Array }),
): SignedLogSumExp<Float64Array>;
export function logSumExp(
  x: RealArray,
  options?: LogSumExpOptions | SignedLogSumExpOptions,
): number | Float64Array | SignedLogSumExp<number> | SignedLogSumExp<Float64Array>;
export function logSumExp(
  x: RealArray,
  options?: LogSumExpOptions | SignedLogSumExpOptions,
): number | Float64Array | SignedLogSumExp<number> | SignedLogSumExp<Float64Array> {
  const fn = "logSumExp";
  checkOptions(fn, options, ["shape", "axis", "out", "b", "returnSign", "signOut"]);
  const length = checkRealArray(fn, "x", x);
  const { outer, n, inner } = sliceLayout(fn, "x", length, options?.shape, options?.axis);
  const w = options?.b === undefined ? undefined : weightsOf(options.b, length);
  const signed = checkReturnSign(options);
  const signOut = (options as SignedLogSumExpOptions | undefined)?.signOut;
  const slices = outer * inner;
  const asArray = options?.shape !== undefined || options?.out !== undefined || signOut !== undefined;
  const y = asArray ? outputBuffer(fn, options?.out, slices, "the number of slices") : undefined;
  const signs = asArray && signed ? outputBuffer(fn, signOut, slices, "the number of slices", "signOut") : undefined;
  checkSeparate(fn, options?.out === undefined ? undefined : y, "out", signOut === undefined ? undefined : signs, "signOut", [x, options?.b]);
  const src = isFloat64Array(x) ? x : Float64Array.from(x);
  if (y === undefined) {
    if (w === undefined) restSums(src, 0, 1, n, 1, undefined, 1, REST_LOGS);
    const value = anySlice(src, w, 0, 1, n, 0);
    return signed ? { value, sign: lastSign } : lastSign < 0 ? NaN : value;
  }
  const result = signs === undefined ? y : { value: y, sign: signs };
  // Rows of two and three, unweighted: no records, a kernel of their own, or
  // for two one step per row in JavaScript (pairRest).
  if (w === undefined && inner === 1 && logSumExpShortRows(src, y, signs, slices, n)) return result;
  // Block by block, as softmax: unweighted, the first pass over a block of
  // slices (restSums), then each slice's log.
  for (let first = 0; first < slices; first += BLOCK) {
    const count = Math.min(BLOCK, slices - first);
    if (w === undefined) restSums(src, first, count, n, inner, undefined, 1, REST_LOGS);
    for (let r = 0; r < count; r++) {
      const s = first + r;
      const value = anySlice(src, w, sliceBase(s, n, inner), inner, n, r);
      y[s] = signed || !(lastSign < 0) ? value : NaN;
      if (signs !== undefined) signs[s] = lastSign;
    }
  }
  return result;
}


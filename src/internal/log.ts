/**
 * Our own log and log1p, in operations a WebAssembly SIMD kernel can repeat in
 * the same order (as exp.ts): the same bits on every engine, unlike
 * `Math.log` and `Math.log1p`, whose last bit differs between Node and
 * Chromium. Within 1 ULP (the method of Sun's fdlibm, 1993, whose
 * coefficients these are):
 * - x = 2^k · m with m in [√½, √2), read from the bits (a subnormal x first
 *   scaled by 2^54, exactly);
 * - f = m − 1 is exact (Sterbenz), and log m = log(1 + s) − log(1 − s) with
 *   s = f / (2 + f), |s| ≤ 0.1716: 2s + s·R(s²), R a degree-7 polynomial in s²
 *   within 2^-58.45 of the series;
 * - arranged as f − (f²/2 − s·(f²/2 + R)), so that the leading f is exact and
 *   the rest is small, then k·ln2_hi (exact: ln2_hi has 32 significant bits)
 *   added last.
 * log1p(u) takes the log of s = 1 + u rounded and adds the rounding error of
 * that sum, divided by s, before the last additions: for tiny u it is u.
 *
 * softplus and logSigmoid use x⁺ + log1p(u) for u in [0, 1] with exp's tail
 * ({@link log1pUnitPlus}), the sigmoid loss log1p of u in [0, 1]
 * ({@link log1pUnit}), logit {@link logPlus}, which their WebAssembly kernels
 * repeat; the log-sums, one per slice, {@link log1pOf} and {@link logOf}. In
 * JavaScript ours runs 20% slower than V8's own (the bits of a double go
 * through a typed array): with it the JavaScript paths of the sigmoid loss and
 * of logit took 1.06× and 1.1× as long as with V8's, their kernels 0.55× and
 * 0.74×; the log-sums did not measurably slow down (rows of 2 at most 5%).
 */

import { highWord, powersOfTwo, twoSumError } from "./float.js";

/* The coefficients and ln 2 in two parts (fdlibm's). Module-local: see exp.ts. */
const LG1 = 6.666666666666735130e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
/** The smallest normal double, and 2^54, by which a subnormal is scaled. */
const MIN_NORMAL = 2.2250738585072014e-308;
const TWO54 = 18014398509481984;

/**
 * 1 + 0x6a09f · 2^-20, the least double in [1, 2) whose high word's fraction is
 * above 0x6a09e: the kernel's log1p of u in [0, 1] tests s ≥ LOG_SPLIT on the
 * double where logPlus tests the bits.
 */
const LOG_SPLIT = 1.41421413421630859375;

/** The constants, for the WebAssembly kernel's source and the tests. */
export const LOG_CONSTANTS = { LG1, LG2, LG3, LG4, LG5, LG6, LG7, LN2_HI, LN2_LO, MIN_NORMAL, TWO54, LOG_SPLIT } as const;

/** 2^t for t = −1024…1023 at index t + 1024. */
const POW2 = /* @__PURE__ */ powersOfTwo(-1024, 1023);

/**
 * log(x) + c for a positive finite x and a correction c small next to the
 * result's last bits (0 for log itself), c added to the small part before the
 * last addition: one rounding (logit's correction of its quotient).
 */
export function logPlus(x: number, c: number): number {
  const tiny = x < MIN_NORMAL;
  const y = tiny ? x * TWO54 : x;
  const high = highWord(y);
  // y = 2^e · m with m in [√½, √2): m above √2 (a high word's fraction above
  // 0x6a09e) moves to the binade below. m is formed by an exact scaling, not
  // by writing the exponent bits: a 32-bit write read back as 64 bits stalls
  // the processor's store forwarding (it took log three times as long).
  const e = (high >>> 20) - 1023 + ((high & 0xfffff) > 0x6a09e ? 1 : 0);
  const k = tiny ? e - 54 : e;
  return logReduced(y * POW2[1024 - e]! - 1, k, c);
}

/**
 * k · ln 2 + log(1 + f) + c for f = m − 1, m in [√½, √2): the series in
 * s = f / (2 + f), arranged so that f is added last and exactly (see the top).
 */
function logReduced(f: number, k: number, c: number): number {
  const s = f / (2 + f);
  const r = seriesOf(s);
  const hfsq = 0.5 * f * f;
  return k * LN2_HI - (hfsq - (s * (hfsq + r) + (k * LN2_LO + c)) - f);
}

/** The series' terms past the first two, in s: z · (LG1 + w · (LG3 + …)) + w · (LG2 + …), z = s², w = z². */
function seriesOf(s: number): number {
  const z = s * s;
  const w = z * z;
  return z * (LG1 + w * (LG3 + w * (LG5 + w * LG7))) + w * (LG2 + w * (LG4 + w * LG6));
}

/** log(x) within 1 ULP: −∞ at 0, NaN below it, +∞ at +∞; the same bits on every engine. */
export function logOf(x: number): number {
  if (!(x > 0 && x < Infinity)) return x === 0 ? -Infinity : x > 0 ? x : NaN;
  return logPlus(x, 0);
}

/** log(1 + u) within 1 ULP: −∞ at −1, NaN below it, +∞ at +∞; the same bits on every engine. */
export function log1pOf(u: number): number {
  // In [0, 1] (a rest sum of two terms is there) without reading s's
  // exponent through a typed array: the same bits, a test checks.
  return u >= 0 && u <= 1 ? log1pUnit(u) : log1pWide(u);
}

/** {@link log1pOf} by logPlus, for any u. */
export function log1pWide(u: number): number {
  if (!(u > -1 && u < Infinity)) return u === -1 ? -Infinity : u > 0 ? u : NaN;
  const s = 1 + u;
  // The exact rounding error of 1 + u (TwoSum), relative to s.
  const b = s - 1;
  const e = 1 - (s - b) + (u - b);
  return logPlus(s, e / s);
}

/**
 * log(1 + u) for u in [0, 1] (or NaN), as the kernel computes it: the same
 * operations as {@link log1pOf}, whose bits it gives, but with s = 1 + u in
 * [1, 2] its exponent is a comparison, s ≥ LOG_SPLIT, instead of a read of its
 * bits through a typed array (which cost softplus 2.5× its time), and no
 * special values to test.
 */
export function log1pUnit(u: number): number {
  const s = 1 + u;
  const b = s - 1;
  const c = (1 - (s - b) + (u - b)) / s;
  const k = s >= LOG_SPLIT ? 1 : 0;
  return logReduced(k === 1 ? s * 0.5 - 1 : s - 1, k, c);
}

/**
 * a + log(1 + u + t) for a ≥ 0, u in [0, 1] (or NaN) and a tail t below u's
 * last bit (exp's, from expOf), within 1 ULP: softplus's
 * x⁺ + log1p(e^(−|x|)).
 * - Where 1 + u < LOG_SPLIT (u below about √2 − 1) the series takes f = u
 *   itself, as fdlibm's log1p does (k = 0): log1pUnit's f = (1 + u) − 1, with
 *   the rounding error of 1 + u as a correction, had a correction as large as
 *   the result for u near 2^-53 (1.04 ULP). From there on f = (1 + u)/2 − 1
 *   with that error, as in log1pUnit.
 *   t joins the correction, t/(1 + u): log1p(u + t) = log1p(u) + t/(1 + u) to
 *   first order.
 * - a joins f, the series' one large term, in a TwoSum, and its error the
 *   small terms: a + log1p(u) rounded on its own, then added to a, would carry
 *   two roundings of the same size where log1p(u) is most of the sum
 *   (softplus of x in (0, 0.88], 1.1 ULP); so arranged, 0.8 at most. The
 *   error is taken as 0 where a + f is not finite (a = +∞: TwoSum would give
 *   NaN).
 */
export function log1pUnitPlus(a: number, u: number, t: number): number {
  const s = 1 + u;
  const b = s - 1;
  const k = s >= LOG_SPLIT ? 1 : 0;
  const c = ((k === 1 ? 1 - (s - b) + (u - b) : 0) + t) / s;
  const f = k === 1 ? s * 0.5 - 1 : u;
  const q = f / (2 + f);
  const r = seriesOf(q);
  const hfsq = 0.5 * f * f;
  const sum = a + f;
  const error = sum < Infinity ? twoSumError(a, f, sum) : 0;
  return k * LN2_HI - (hfsq - (q * (hfsq + r) + (k * LN2_LO + c)) - error - sum);
}

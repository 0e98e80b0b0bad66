/**
 * Binary fixed-point arithmetic on BigInt, at any precision: a value v is the
 * integer V = v · 2^q for q fractional bits ("units" of 2^-q). The last resort
 * for sums whose result cancels below what double or double-double arithmetic
 * can resolve: slow (microseconds per exp) but exact to a known bound.
 */
import { binaryExponent, significand, timesPowerOfTwo } from "./float.js";

/** Guard bits carried inside {@link expFixed}: its error is the final truncation (< 1 unit at q bits) plus under 2^-6 units. */
const GUARD = 20;

const LN2_CACHE = /* @__PURE__ */ new Map<number, bigint>();

/** ln 2 · 2^w, within 1 unit: 2 atanh(1/3) = Σ_k 2 / ((2k + 1) 3^(2k+1)), 3.17 bits per term. */
export function ln2Fixed(w: number): bigint {
  const cached = LN2_CACHE.get(w);
  if (cached !== undefined) return cached;
  // 16 extra bits absorb the truncation of each of the ~w/3 terms.
  const extra = 16n;
  let t = (2n << (BigInt(w) + extra)) / 3n;
  let sum = 0n;
  for (let k = 1n; t !== 0n; k += 2n) {
    sum += t / k;
    t /= 9n;
  }
  const value = sum >> extra;
  LN2_CACHE.set(w, value);
  return value;
}

/** x · 2^q for a finite double x, truncated toward 0 (exact when x's last bit is at least 2^-q). */
export function fixedOf(x: number, q: number): bigint {
  if (x === 0) return 0n;
  // |x| = mantissa · 2^(e − 52), mantissa = |significand| · 2^52 an integer below 2^53.
  const mantissa = Math.abs(significand(x)) * 2 ** 52;
  const shift = binaryExponent(x) - 52 + q;
  const magnitude = shift >= 0 ? BigInt(mantissa) << BigInt(shift) : BigInt(mantissa) >> BigInt(-shift);
  return x < 0 ? -magnitude : magnitude;
}

/** V · 2^-q as a double: rounded after cutting V to its top 64 bits, so within 2^-53 + 2^-64 relative. */
export function fixedToNumber(value: bigint, q: number): number {
  const magnitude = value < 0n ? -value : value;
  const shift = Math.max(0, magnitude.toString(16).length * 4 - 64);
  const top = Number(magnitude >> BigInt(shift));
  const scaled = timesPowerOfTwo(top, shift - q);
  return value < 0n ? -scaled : scaled;
}

/** 1/i! · 2^w for i = 0 … K, the Taylor coefficients of e^t for |t| ≤ 2^-7, where t^(K+1)/(K+1)! < 2^-w. */
const TAYLOR_CACHE = /* @__PURE__ */ new Map<number, bigint[]>();

function taylorFixed(w: number): bigint[] {
  const cached = TAYLOR_CACHE.get(w);
  if (cached !== undefined) return cached;
  const one = 1n << BigInt(w);
  const coefficients = [one];
  // log2 of t^i / i! at |t| = 2^-7, against −w.
  for (let i = 1, bits = 0; bits > -w; i++) {
    coefficients.push(coefficients[i - 1]! / BigInt(i));
    bits -= 7 + Math.log2(i + 1);
  }
  TAYLOR_CACHE.set(w, coefficients);
  return coefficients;
}

/**
 * e^x · 2^q for a finite x ≤ 0, within 1 + 2^-6 units (of 2^-q). x = k ln 2 + r with
 * |r| ≤ ln 2 / 2 (so e^x = e^r 2^k, k ≤ 0), e^r by {@link expOfReduced}.
 */
export function expFixed(x: number, q: number): bigint {
  const w = q + GUARD;
  const k = Math.round(x / Math.LN2);
  const r = fixedOf(x, w) - BigInt(k) * ln2Fixed(w);
  return expOfReduced(r, w) >> BigInt(GUARD - k);
}

/**
 * e^(r · 2^-w) · 2^w for |r · 2^-w| ≤ ln 2 / 2, within a few units of 2^-w:
 * e^(r/64) from its Taylor series by Horner's rule (|r/64| < 2^-7, so about
 * w/9 terms), squared six times (each squaring doubles the relative error,
 * which the caller's guard bits absorb).
 */
export function expOfReduced(r: bigint, w: number): bigint {
  const coefficients = taylorFixed(w);
  const scale = BigInt(w + 6);
  let sum = 0n;
  for (let i = coefficients.length - 1; i >= 0; i--) sum = coefficients[i]! + ((sum * r) >> scale);
  const bw = BigInt(w);
  for (let i = 0; i < 6; i++) sum = (sum * sum) >> bw;
  return sum;
}

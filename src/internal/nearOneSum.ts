/**
 * Σ e^(x_i) − 1 for a slice whose sum S is near 1, with a bound on its error:
 * the middle tier of logSumExp's cancelled case, between the double estimate
 * and the exact fixed-point sum (logSumExp.ts). Each e^x is formed as a sum of
 * doubles accurate to about 2^-150 of its value, except for one part of
 * about 2^-100 of e^x (x − j ln 2/256)^3/6, in several hundred floating-point
 * operations, where the fixed-point exp takes microseconds. The
 * log-probabilities of a row, which sum to 1 up to their roundings (S − 1
 * about 2^-53 to 2^-85, down to 2^-53 e^(x_i) of the least likely ones), are
 * resolved here; only deeper cancellations are left to BigInt.
 *
 * e^x = 2^k · 2^(j/256) · e^r with x = (256k + j) ln 2/256 + r, |r| ≤ ln 2/512:
 * - r = x − K · L as rh + rl + rll, to 2^-155: ln 2/256 = L1 + L2 + L3 + L4,
 *   L1 … L3 of 37 bits, so that K · L1 … K · L3 are exact for |K| < 2^16
 *   (x > −177; the terms summed are above −200 ln 2), x − K · L1 is exact (Sterbenz: the two are within a factor
 *   of 2), the other roundings are recovered (TwoSum) and K · L4's is below
 *   2^-157;
 * - e^r − 1 = r + r^2/2 + Q, r^2 from exact products (Dekker), and
 *   Q = r^3 (1/3! + r/4! + … + r^8/11!) in double-double: Q is below 2^-31,
 *   and its relative error of about 2^-102 (the double-double Horner steps and
 *   products) is the one error term above 2^-150 e^x, which the bound counts
 *   as 2^-99 |Q| 2^(j/256 + k) per term: 0 for r = 0, and relative to e^r − 1
 *   where x is tiny (k = j = 0, the largest log-probability of a confident
 *   row);
 * - these parts renormalised into three doubles P1 + P2 + P3 (TwoSum);
 * - 2^(j/256) as three doubles T1 + T2 + T3 (to 2^-159), from the fixed-point
 *   exp on first use, times 1 + P: T1 P1, T1 P2 and T2 P1 with their exact
 *   errors (Dekker), the products below 2^-100 rounded.
 * The parts, scaled by 2^k (exact: x > −200 ln 2 keeps them normal), are summed
 * with −1 in three levels: each addition's error at the first two levels is
 * recovered (TwoSum) into the next; the third is summed plainly, and its
 * roundings are bounded by 2^-53 of the sum of its partial sums' magnitudes.
 */
import { expOfReduced, fixedOf, fixedToNumber, ln2Fixed } from "./fixedPoint.js";
import { fastTwoSumError, inRangeProductError, powersOfTwo, twoSumError } from "./float.js";

/** Bits of the fixed-point values behind the constants (their errors are units of 2^-200). */
const W = 200;
/** 2^(j/256) for j = 0 … 255 as three doubles each (hi, mid, lo), and ln 2/256 as L1 + L2 + L3 + L4; built on first use. */
let table: Float64Array | undefined;
let L1 = 0;
let L2 = 0;
let L3 = 0;
let L4 = 0;
/** 2^k for k = −200 … 0 at index k + 200. */
const POW2 = /* @__PURE__ */ powersOfTwo(-200, 0);
/** 256/ln 2, a literal (see float.ts: bundlers keep an expression that reads Math.LN2). */
const INV_L = 369.3299304675746;
/**
 * Taylor's coefficients 1/7!, 1/6!, 1/5!, 1/4! and 1/3! as double-doubles
 * (hi, lo, the remainders from exact fractions): Q's Horner steps above
 * 2^-53 of it. Literals, not 1 / 120: bundlers keep an unused array that
 * holds arithmetic.
 */
const COEFFICIENTS: readonly number[] = [
  0.0001984126984126984, 1.7209558293420705e-22,
  0.001388888888888889, -5.300543954373577e-20,
  0.008333333333333333, 1.1564823173178714e-19,
  0.041666666666666664, 2.3129646346357427e-18,
  0.16666666666666666, 9.25185853854297e-18,
];

/** The top `bits` bits of V (V > 0) and the rest: V's first `bits` bits as V1, with V − V1. */
function topBits(value: bigint, bits: number): [bigint, bigint] {
  const shift = BigInt(Math.max(0, value.toString(2).length - bits));
  const top = (value >> shift) << shift;
  return [top, value - top];
}

/** 2^(j/256) · 2^W for j = 0 … 15 times `step` (16 or 1), from the fixed-point exp, its argument within ln 2/2. */
function powersFixed(ln2: bigint, step: number): bigint[] {
  const powers: bigint[] = [];
  for (let a = 0; a < 16; a++) {
    const j = a * step;
    powers.push(j < 128 ? expOfReduced((BigInt(j) * ln2) >> 8n, W) : 2n * expOfReduced(-((BigInt(256 - j) * ln2) >> 8n), W));
  }
  return powers;
}

function buildTable(): Float64Array {
  const ln2 = ln2Fixed(W);
  const t = new Float64Array(3 * 256);
  // 2^(j/256) = 2^((j >> 4)/16) · 2^((j & 15)/256): 32 exps, not 256 (3 ms on first use).
  const high = powersFixed(ln2, 16);
  const low = powersFixed(ln2, 1);
  for (let j = 0; j < 256; j++) {
    const v = (high[j >> 4]! * low[j & 15]!) >> BigInt(W);
    const a = fixedToNumber(v, W);
    const rest = v - fixedOf(a, W);
    const b = fixedToNumber(rest, W);
    t[3 * j] = a;
    t[3 * j + 1] = b;
    t[3 * j + 2] = fixedToNumber(rest - fixedOf(b, W), W);
  }
  const [l1, rest1] = topBits(ln2 >> 8n, 37);
  const [l2, rest2] = topBits(rest1, 37);
  const [l3, l4] = topBits(rest2, 37);
  L1 = fixedToNumber(l1, W);
  L2 = fixedToNumber(l2, W);
  L3 = fixedToNumber(l3, W);
  L4 = fixedToNumber(l4, W);
  return t;
}

/**
 * The parts of one e^x ({@link expParts}), by level: two high (above
 * 2^-32 of it: 2^(j/256) and 2^(j/256) (e^r − 1)), four middle (2^-53 to
 * 2^-62 of it), one low (the rest), then |Q| 2^(j/256 + k), for the bound.
 */
const PARTS = /* @__PURE__ */ new Float64Array(8);

/**
 * e^x as its parts into PARTS (see the file's comment), for x in
 * (−200 ln 2, 0], where 2^k is in POW2: nearOneSum's floor,
 * −(150 + log2 n) ln 2, keeps x there for n < 2^50.
 */
function expParts(t: Float64Array, x: number): void {
  const K = Math.round(x * INV_L);
  const j = K & 255;
  const scale = POW2[(K - j) / 256 + 200]!;
  // r = x − K (L1 + L2 + L3 + L4) as rh + rl + rll
  const r0 = x - K * L1;
  const a2 = K * L2;
  const r1 = r0 - a2;
  const a3 = K * L3;
  const e1 = twoSumError(r0, -a2, r1);
  const e2 = e1 - a3;
  const a4 = K * L4;
  const e3 = e2 - a4;
  const rh = r1 + e3;
  const rl = twoSumError(r1, e3, rh);
  const rll = twoSumError(e1, -a3, e2) + twoSumError(e2, -a4, e3);
  // Q's factor s = 1/3! + r/4! + … + r^8/11!: its terms from r^5/8! in
  // double, then s = C + r · s for C = 1/7! … 1/3! in double-double
  let sh = 2.48015873015873e-5 + rh * (2.7557319223985893e-6 + rh * (2.755731922398589e-7 + rh * 2.505210838544172e-8));
  let sl = 0;
  for (let c = 0; c < 5; c++) {
    const p = rh * sh;
    const e = inRangeProductError(rh, sh, p) + (rh * sl + rl * sh);
    const ch = COEFFICIENTS[2 * c]!;
    const h = ch + p;
    sl = twoSumError(ch, p, h) + COEFFICIENTS[2 * c + 1]! + e;
    sh = h + sl;
    sl = fastTwoSumError(h, sl, sh);
  }
  // r^2 = q + qe + 2 (m + me) + w exactly but for w's roundings (below 2^-160)
  const q = rh * rh;
  const qe = inRangeProductError(rh, rh, q);
  const m = rh * rl;
  const me = inRangeProductError(rh, rl, m);
  const w = 2 * rh * rll + rl * rl;
  // r^3 = (rh + rl)(q + (qe + 2m + w)) and Q = r^3 · s, in double-double
  const ql = qe + 2 * m + w;
  const c3 = rh * q;
  const c3l = inRangeProductError(rh, q, c3) + (rh * ql + rl * q);
  const Q = c3 * sh;
  const Ql = inRangeProductError(c3, sh, Q) + (c3 * sl + c3l * sh);
  // P = e^r − 1 = r + r^2/2 + Q as P1 + P2 + P3: the parts above 2^-32, then
  // those from 2^-85 to 2^-62 with the first sums' errors, then the rest
  const s1 = rh + q / 2;
  const p1 = s1 + Q;
  const f1 = twoSumError(rh, q / 2, s1);
  const f2 = twoSumError(s1, Q, p1);
  const g1 = rl + f1;
  const g2 = g1 + f2;
  const g3 = g2 + m;
  const g4 = g3 + qe / 2;
  const p2 = g4 + Ql;
  const p3 =
    twoSumError(rl, f1, g1) + twoSumError(g1, f2, g2) + twoSumError(g2, m, g3) + twoSumError(g3, qe / 2, g4) + twoSumError(g4, Ql, p2) +
    (rll + me + w / 2);
  // 2^(j/256) (1 + P) = T + T · P, T = t1 + t2 + t3
  const t1 = t[3 * j]!;
  const t2 = t[3 * j + 1]!;
  const t3 = t[3 * j + 2]!;
  const u1 = t1 * p1;
  const u2 = t1 * p2;
  const u3 = t2 * p1;
  PARTS[0] = t1 * scale;
  PARTS[1] = u1 * scale;
  PARTS[2] = t2 * scale;
  PARTS[3] = inRangeProductError(t1, p1, u1) * scale;
  PARTS[4] = u2 * scale;
  PARTS[5] = u3 * scale;
  PARTS[6] = (t3 + inRangeProductError(t1, p2, u2) + inRangeProductError(t2, p1, u3) + (t1 * p3 + t2 * p2 + t3 * p1)) * scale;
  PARTS[7] = Math.abs(Q * t1 * scale);
}

/**
 * Σ e^(x_i) − 1 over the n elements of `src` from `base`, `stride` apart, all
 * x_i ≤ 0 (−∞ allowed, NaN not), as u + ue in out[0] and out[1], and a bound
 * on the error of u + ue in out[2]: 2^-99 Σ |Q| 2^(j/256 + k) for the one
 * inexact part of each term, 2^-148 max(S, 1) for the others' errors, the
 * terms left out (those below 2^-150/n) and the final sum's, and 2^-52 of the
 * low parts' partial sums.
 */
export function nearOneSum(src: Float64Array, base: number, stride: number, n: number, out: Float64Array): void {
  table ??= buildTable();
  const floor = -(150 + Math.log2(n)) * Math.LN2;
  // The sum in three levels, h + (m + l): each addition's error at the first
  // two recovered (TwoSum) into the next; l summed plainly, its roundings
  // below 2^-53 of the sum of its partial sums' magnitudes, ls. In locals,
  // not an array: 25% of this loop's time.
  let h = -1;
  let m = 0;
  let l = 0;
  let ls = 0;
  let qs = 0;
  for (let k = 0, i = base; k < n; k++, i += stride) {
    const v = src[i]!;
    if (!(v > floor)) continue;
    expParts(table, v);
    for (let c = 0; c < 6; c++) {
      let a = PARTS[c]!;
      if (c < 2) {
        const s = h + a;
        const e = twoSumError(h, a, s);
        h = s;
        a = e;
      }
      const s = m + a;
      l += twoSumError(m, a, s);
      ls += Math.abs(l);
      m = s;
    }
    l += PARTS[6]!;
    ls += Math.abs(l);
    qs += PARTS[7]!;
  }
  const u = h + m;
  const ue = twoSumError(h, m, u) + l;
  out[0] = u;
  out[1] = ue;
  out[2] = 2 ** -99 * qs + 2 ** -148 * (2 + u) + 2 ** -52 * (ls + Math.abs(ue));
}

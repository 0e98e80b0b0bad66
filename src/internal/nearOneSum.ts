/**
 * Σ e^(x_i) − 1 for a slice whose sum S is near 1, to within 2^-110 max(S, 1)
 * (plus 2^-105 of the result, which is a double-double): the middle tier of
 * logSumExp's cancelled case, between the double estimate and the exact
 * fixed-point sum (logSumExp.ts). Each e^x is formed as a sum of doubles
 * accurate to about 2^-112 of its value, in a few hundred floating-point
 * operations, where the fixed-point exp takes microseconds: the sums that
 * cancel to 2^-56 or more (most random sums near 1, and the log-probabilities
 * of many classes, which sum to 1 up to their roundings) are resolved here,
 * and only the deeper cancellations are left to BigInt.
 *
 * e^x = 2^k · 2^(j/256) · e^r with x = (256k + j) ln 2/256 + r, |r| ≤ ln 2/512:
 * - r = x − K · L exactly enough: ln 2/256 = L1 + L2 + L3, L1 and L2 of 37
 *   bits, so that K · L1 and K · L2 are exact for |K| < 2^16 (x > −180), x −
 *   K · L1 is exact (Sterbenz: the two are within a factor of 2), and the
 *   other roundings are recovered (TwoSum) or below 2^-119;
 * - e^r − 1 by Taylor's series to r^9/9! (the next term is below 2^-117), the
 *   terms above 2^-63 in double-double (a double would round r^5/120 ≈ 2^-54
 *   at 2^-107), the others in double;
 * - 2^(j/256) as three doubles (to 2^-159), from the fixed-point exp on first
 *   use; its product with e^r − 1 keeps its exact error (Dekker).
 * The parts, scaled by 2^k (exact: x > −180 keeps them normal), are summed
 * with −1, each addition's error recovered (TwoSum) into a double-double of
 * the low-order parts, so the sum's own error is far below the parts'.
 */
import { expOfReduced, fixedOf, fixedToNumber, ln2Fixed } from "./fixedPoint.js";
import { fastTwoSumError, powersOfTwo, twoProductError, twoSumError } from "./float.js";

/** Bits of the fixed-point values behind the constants (their errors are units of 2^-200). */
const W = 200;
/** 2^(j/256) for j = 0 … 255 as three doubles each (hi, mid, lo), and ln 2/256 as L1 + L2 + L3; built on first use. */
let table: Float64Array | undefined;
let L1 = 0;
let L2 = 0;
let L3 = 0;
/** 2^k for k = −200 … 0 at index k + 200. */
const POW2 = /* @__PURE__ */ powersOfTwo(-200, 0);
/** 256/ln 2, a literal (see float.ts: bundlers keep an expression that reads Math.LN2). */
const INV_L = 369.3299304675746;
/**
 * Taylor's coefficients 1/5!, 1/4!, 1/3!, 1/2 and 1 as double-doubles (hi,
 * lo, the remainders from exact fractions): those of the terms above 2^-63.
 * Literals, not 1 / 120: bundlers keep an unused array that holds arithmetic.
 */
const COEFFICIENTS: readonly number[] = [
  0.008333333333333333, 1.1564823173178714e-19,
  0.041666666666666664, 2.3129646346357427e-18,
  0.16666666666666666, 9.25185853854297e-18,
  0.5, 0,
  1, 0,
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
  const [l1, rest] = topBits(ln2 >> 8n, 37);
  const [l2, l3] = topBits(rest, 37);
  L1 = fixedToNumber(l1, W);
  L2 = fixedToNumber(l2, W);
  L3 = fixedToNumber(l3, W);
  return t;
}

/** The sum so far: H + (LH + LL), H the high part (TwoSum's sums), LH + LL the low parts and the errors. */
const SUM = /* @__PURE__ */ new Float64Array(3);

/** Adds v to the low-order parts, with the addition's error. */
function addLow(v: number): void {
  const lh = SUM[1]!;
  const s = lh + v;
  SUM[2] = SUM[2]! + twoSumError(lh, v, s);
  SUM[1] = s;
}

/** Adds v to the high part, its error to the low ones. */
function addHigh(v: number): void {
  const h = SUM[0]!;
  const s = h + v;
  addLow(twoSumError(h, v, s));
  SUM[0] = s;
}

/** Adds e^x, for x in (−180, 0], as its parts (see the file's comment). */
function addExp(t: Float64Array, x: number): void {
  const K = Math.round(x * INV_L);
  const j = K & 255;
  const scale = POW2[(K - j) / 256 + 200]!;
  // r = x − K · ln 2/256 as rh + rl
  const r0 = x - K * L1;
  const a = K * L2;
  const r1 = r0 - a;
  const e1 = twoSumError(r0, -a, r1) - K * L3;
  const rh = r1 + e1;
  const rl = twoSumError(r1, e1, rh);
  // Taylor's terms r^6/6! … r^9/9! over r^6, in double; then s = C + r · s
  // for C = 1/120, 1/24, 1/6, 1/2 and 1, in double-double
  let sh = 1 / 720 + rh * (1 / 5040 + rh * (1 / 40320 + rh * (1 / 362880)));
  let sl = 0;
  for (let c = 0; c < 5; c++) {
    const p = rh * sh;
    const e = twoProductError(rh, sh, p) + (rh * sl + rl * sh);
    const ch = COEFFICIENTS[2 * c]!;
    const h = ch + p;
    sl = twoSumError(ch, p, h) + COEFFICIENTS[2 * c + 1]! + e;
    sh = h + sl;
    sl = fastTwoSumError(h, sl, sh);
  }
  // P = e^r − 1 = r · s as ph + pl
  const ph = rh * sh;
  const pl = twoProductError(rh, sh, ph) + (rh * sl + rl * sh);
  // 2^(j/256) (1 + P) = T + T · P, T = t1 + t2 + t3
  const t1 = t[3 * j]!;
  const t2 = t[3 * j + 1]!;
  const t3 = t[3 * j + 2]!;
  const tp = t1 * ph;
  addHigh(t1 * scale);
  addHigh(tp * scale);
  addLow(t2 * scale);
  addLow(t3 * scale);
  addLow((twoProductError(t1, ph, tp) + (t1 * pl + (t2 + t3) * ph)) * scale);
}

/**
 * Σ e^(x_i) − 1 over the n elements of `src` from `base`, `stride` apart, all
 * x_i ≤ 0 (−∞ allowed, NaN not), as u + ue in `out`, to within 2^-110 · S
 * (S the sum; terms below 2^-(118 + log2 n) are left out, within the bound).
 */
export function nearOneSum(src: Float64Array, base: number, stride: number, n: number, out: Float64Array): void {
  table ??= buildTable();
  const floor = -(118 + Math.log2(n)) * Math.LN2;
  SUM[0] = -1;
  SUM[1] = 0;
  SUM[2] = 0;
  for (let k = 0, i = base; k < n; k++, i += stride) {
    const v = src[i]!;
    if (v > floor) addExp(table, v);
  }
  const h = SUM[0]!;
  const lh = SUM[1]!;
  const u = h + lh;
  out[0] = u;
  out[1] = twoSumError(h, lh, u) + SUM[2]!;
}

/**
 * Error-free transformations: the exact rounding error of one floating-point
 * addition or multiplication, as a double. Every function here is small enough
 * for V8 to inline into the hot loops that call it.
 *
 * References: Knuth's TwoSum, Dekker's Fast2Sum and product (1971), Veltkamp's
 * splitting; see Muller et al., "Handbook of Floating-Point Arithmetic", ch. 4.
 */

/**
 * The exact error of s = fl(a + b): a + b = s + error, for any a and b (TwoSum,
 * six operations, no branch). Finite inputs only: an infinity gives NaN.
 */
export function twoSumError(a: number, b: number, s: number): number {
  const bv = s - a;
  const av = s - bv;
  return a - av + (b - bv);
}

/**
 * The exact error of s = fl(a + b) when |a| ≥ |b| (or a = 0): a + b = s + error
 * (Fast2Sum, two operations).
 */
export function fastTwoSumError(a: number, b: number, s: number): number {
  return b - (s - a);
}

/** Veltkamp's constant 2^27 + 1: splits a double into two 26-bit halves whose products are exact. */
const SPLIT = 134217729;

/** Beyond this magnitude SPLIT · a would overflow. */
// Powers of two are written as exact literals: a bundler (esbuild) keeps an
// unused `2 ** 64` in every import, not knowing it has no side effect.
const SPLIT_LIMIT = 3.3484643974570854e299; // 2^995
const DOWN = 5.421010862427522e-20; // 2^-64
const UP = 18446744073709551616; // 2^64

/** The constants, for the WebAssembly kernel's source (logit's Dekker product). */
export const FLOAT_CONSTANTS = { SPLIT } as const;

/**
 * The exact error of p = fl(a · b): a · b = p + error (Dekker's product, without
 * a fused multiply-add, which JavaScript lacks). Exact unless a · b overflows or
 * its error underflows below the subnormal range. A factor too large to split
 * is scaled down by 2^64 first (exact), and the error scaled back.
 */
export function twoProductError(a: number, b: number, p: number): number {
  // An infinite factor has no finite error (NaN, as TwoSum's): scaling it down would not end.
  if (Math.abs(a) > SPLIT_LIMIT) return Math.abs(a) === Infinity ? NaN : twoProductError(a * DOWN, b, p * DOWN) * UP;
  if (Math.abs(b) > SPLIT_LIMIT) return Math.abs(b) === Infinity ? NaN : twoProductError(a, b * DOWN, p * DOWN) * UP;
  return inRangeProductError(a, b, p);
}

/**
 * {@link twoProductError} for finite factors of at most 2^995 (the caller knows
 * its range): without the checks, which cost a loop of many products
 * (logSumExp's near-one sums) a tenth of its time. Where the halves' products
 * underflow, the error is off by about 2^-1074; both callers work far above
 * that.
 */
export function inRangeProductError(a: number, b: number, p: number): number {
  let c = SPLIT * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = SPLIT * b;
  const bh = c - (c - b);
  const bl = b - bh;
  return al * bl - (p - ah * bh - al * bh - ah * bl);
}

/**
 * ln 2 = LN2_HI + LN2_LO to about 2^-85: LN2_HI has 32 significant bits, so
 * k · LN2_HI is exact for |k| < 2^21 (fdlibm's split).
 */
export const LN2_HI = 6.93147180369123816490e-1;
export const LN2_LO = 1.90821492927058770002e-10;

// Module-level state is marked pure so that bundles which do not use it drop it.
// One buffer under both views; named, so that a bundler can drop both when unused.
const BUFFER = /* @__PURE__ */ new ArrayBuffer(8);
const BITS = /* @__PURE__ */ new Float64Array(BUFFER);
const WORDS = /* @__PURE__ */ new Uint32Array(BUFFER);
/** The index of the high (sign and exponent) word of a double in `WORDS`. */
const HIGH = /* @__PURE__ */ highWordIndex();

/** 1 on little-endian platforms (all current ones), 0 on big-endian. */
function highWordIndex(): number {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
}

/** The high 32 bits of a double: its sign, exponent and the top 20 bits of its fraction. */
export function highWord(a: number): number {
  BITS[0] = a;
  return WORDS[HIGH]!;
}

/**
 * 2^t for t = min…max at index t − min, by exact doublings and halvings:
 * tables of exact powers for the kernels, which keep them module-local
 * (V8 reads exported constants at every use; see exp.ts).
 */
export function powersOfTwo(min: number, max: number): Float64Array {
  const table = new Float64Array(max - min + 1);
  for (let t = 0, p = 1; t <= max; t++, p *= 2) table[t - min] = p;
  for (let t = 0, p = 1; t >= min; t--, p /= 2) table[t - min] = p;
  return table;
}

/**
 * floor(log2 |a|) for a finite a ≠ 0, read from the exponent bits (a
 * subnormal, whose field is 0, scaled up by 2^64 first, exactly), so that
 * a · 2^(−e) is in [1, 2) exactly; 1024 for ±∞.
 */
export function binaryExponent(a: number): number {
  BITS[0] = a;
  const field = (WORDS[HIGH]! >>> 20) & 0x7ff;
  return field === 0 ? binaryExponent(a * 2 ** 64) - 64 : field - 1023;
}

/**
 * a · 2^(−binaryExponent(a)): the significand of a finite a ≠ 0, in ±[1, 2),
 * exactly, from the bits (a subnormal is first scaled up by 2^64, exactly).
 */
export function significand(a: number): number {
  BITS[0] = a;
  const high = WORDS[HIGH]!;
  if ((high & 0x7ff00000) === 0) return significand(a * 2 ** 64);
  WORDS[HIGH] = (high & 0x800fffff) | 0x3ff00000;
  return BITS[0]!;
}

/** a · 2^k, in two steps: 2^k alone may overflow or underflow where the product does not. */
export function timesPowerOfTwo(a: number, k: number): number {
  const half = Math.trunc(k / 2);
  return a * 2 ** half * 2 ** (k - half);
}

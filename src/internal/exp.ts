/**
 * Our own e^x, written so that the WebAssembly SIMD kernel (kernels.wat) can
 * run the very same operations in the very same order: its results are
 * therefore the same on every engine, bit for bit, unlike `Math.exp`, and
 * within 1 ULP of the exact value (measured about 0.52).
 *
 * The method (as in most libm's, without a fused multiply-add):
 * - k = round(x · 32/ln 2), found by adding and subtracting 1.5 · 2^52 (the
 *   sum rounds to an integer), so that x = k · ln2/32 + r with |r| ≤ ln2/64;
 * - r is formed with ln2/32 split in two (Cody and Waite): k · L_HI is exact,
 *   as L_HI has 37 significant bits and |k| < 2^16, and x − k · L_HI is exact
 *   (the two are within a factor 2 of each other, Sterbenz), so r carries only
 *   the rounding of its last subtraction;
 * - e^r − 1 is its Taylor polynomial of degree 6 (by Estrin's scheme): the
 *   first term left out, r^7/7!, is below 4 · 10^-18, a 30th of the last bit;
 * - 2^(k/32) = 2^e · 2^(j/32) with j = k mod 32, the table holding 2^(j/32)
 *   as hi + lo (lo the rounding error of hi), so the result
 *   hi + (lo + hi · (e^r − 1)) is rounded once, in its final addition: the
 *   error is that rounding plus a few hundredths of an ULP;
 * - the scaling by 2^e multiplies by exact powers of two: by 2^e where it is
 *   a normal double, else by 2^(e/2) twice, so that a subnormal result is
 *   rounded once and e = 1024 (x just below ln(MAX)) does not need 2^1024.
 *   Both give the exact product when it is normal, the kernel's two steps
 *   included: the same bits.
 *
 * x is first clamped to [−746, 710], where the result already rounds to 0 and
 * +∞; NaN propagates through the arithmetic.
 */

import { powersOfTwo } from "./float.js";

/*
 * The constants: 32 / ln 2; ln 2 / 32 as L_HI + L_LO (L_HI with 37 significant
 * bits); 1.5 · 2^52, whose addition rounds a double below 2^51 to an integer;
 * 1/n! for n = 2…6, the Taylor coefficients of e^r − 1 after r; the bounds
 * beyond which e^x rounds to 0 or +∞. Module-local, not exported: V8 folds a
 * module's own constants into the code, but reads exported ones through their
 * binding on every use (a third of the time of this function).
 */
const INV_L = 46.16624130844683;
const L_HI = 0.021660849392446835;
const L_LO = 5.145609244655338e-14;
const SHIFT = 6755399441055744;
const C2 = 0.5;
const C3 = 0.16666666666666666;
const C4 = 0.041666666666666664;
const C5 = 0.008333333333333333;
const C6 = 0.001388888888888889;
const EXP_UNDERFLOW = -746;
const EXP_OVERFLOW = 710;
/**
 * Where e^x is a normal double for sure (ln 2^-1022 = −708.396, ln MAX =
 * 709.78): the kernel scales by adding to the exponent field there.
 */
const EXP_NORMAL_LO = -708;
const EXP_NORMAL_HI = 709;

/** The constants, for the WebAssembly kernel's source (scripts/wasm.ts writes them into it) and the tests. */
export const EXP_CONSTANTS = { INV_L, L_HI, L_LO, SHIFT, C2, C3, C4, C5, C6, EXP_UNDERFLOW, EXP_OVERFLOW, EXP_NORMAL_LO, EXP_NORMAL_HI } as const;

/**
 * 2^(j/32) for j = 0…31 as pairs hi, lo: hi the nearest double, lo the nearest
 * double to the remainder (test/internal/exp.test.ts checks them against
 * 80-digit decimals). Computed on first import rather than written out: 64
 * literals would be most of this file's weight in a bundle.
 */
const TABLE = /* @__PURE__ */ expTable();

/**
 * The table from v = ⌊2^(j/32) · 2^120⌋, the integer 32nd root of 2^(j + 3840),
 * by Newton's method in exact integer arithmetic (from above, it descends to
 * the root and stops): hi = v · 2^-120 rounded once (Number of a BigInt rounds
 * to nearest), lo the remainder, exact in v, rounded once. The floor's error,
 * below 2^-120, is 2^-12 of lo's last bit: it could change lo's rounding only
 * within that distance of a tie, which the test shows none of the 32 is. About
 * a millisecond, once.
 */
function expTable(): Float64Array {
  const table = new Float64Array(64);
  for (let j = 0; j < 32; j++) {
    const a = 1n << BigInt(j + 3840);
    let v = (BigInt(Math.ceil(2 ** (j / 32 + 48))) + 1n) << 72n;
    for (;;) {
      const next = (31n * v + a / v ** 31n) / 32n;
      if (next >= v) break;
      v = next;
    }
    const hi = Number(v) * 2 ** -120;
    table[2 * j] = hi;
    table[2 * j + 1] = Number(v - BigInt(hi * 2 ** 120)) * 2 ** -120;
  }
  return table;
}

/** The table, for the kernel's memory and the tests. */
export const EXP_TABLE = TABLE;

/** 2^e for the normal exponents e = −1022…1023, at index e + POW2_BIAS. */
const POW2_BIAS = 1022;
const POW2 = /* @__PURE__ */ powersOfTwo(-1022, 1023);

/**
 * What {@link expOf}'s result left out, scaled as that result is: e^x =
 * expOf(x) + EXP_TAIL[0] within 2^-56 of e^x relative where e^x is
 * normal (the polynomial's 2^-58 and the roundings of r and of t below; the
 * tests measure it), plus the tail's own rounding to a multiple of 2^-1074.
 * A slot of a typed array, not an exported `let`: written on every call, an
 * exported `let` took softmax's JavaScript path from 1.47 to 2.36 times the
 * exp loop when expOf wrote it (measured; V8 writes it through the module's
 * binding).
 */
export const EXP_TAIL = new Float64Array(1);

/**
 * e^x within 1 ULP, the same bits on every engine and in the WebAssembly
 * kernel, and the rounding error of its last addition in {@link EXP_TAIL}: for
 * the functions whose result would otherwise carry exp's rounding whole (σ(x)
 * for x < 0, log1p(e^x) for x far below 0, the terms of softmax's sums).
 */
export function expOf(x: number): number {
  // Clamped (NaN passes both tests): beyond the bounds e^x rounds to +∞ or 0
  // all the same, and k stays below 2^16 in magnitude.
  const lo = x < EXP_UNDERFLOW ? EXP_UNDERFLOW : x;
  const y = EXP_OVERFLOW < lo ? EXP_OVERFLOW : lo;
  const kf = y * INV_L + SHIFT - SHIFT;
  const r = y - kf * L_HI - kf * L_LO;
  // k = kf exactly (the low bits of kf + SHIFT, which the kernel reads); NaN gives 0.
  const k = kf | 0;
  const j = (k & 31) << 1;
  const e = k >> 5;
  // Estrin's scheme: shorter chains of dependent operations than Horner's.
  const r2 = r * r;
  const p = r + r2 * (C2 + r * C3 + r2 * (C4 + r * C5 + r2 * C6));
  const hi = TABLE[j]!;
  const t = TABLE[j + 1]! + hi * p;
  const s = hi + t;
  // The rounding error of hi + t, exactly (Fast2Sum: |t| < 0.03 < hi), scaled
  // as s is: by one exact scaling where 2^e is a normal double (as fast as
  // Math.exp; two cost a third more), else by two. The kernel gets the same
  // bits: it scales s by an addition to its exponent field where the result
  // is normal, else by two products, and the tail by one product or two, as
  // here (a nonzero tail is far above 2^-600, so its first product is exact).
  const rest = hi - s + t;
  if (e >= -1022 && e <= 1023) {
    const scale = POW2[POW2_BIAS + e]!;
    EXP_TAIL[0] = rest * scale;
    return s * scale;
  }
  return scaledTwice(s, rest, e);
}

/**
 * expOf's s and tail times 2^e where 2^e is not a normal double: the
 * rare path, in a function of its own so that V8 leaves it out of the loops it
 * inlines expOf into (its bytecode counts against their inlining
 * budget: with it inline, softplus's loop stopped inlining the log1p after it
 * and took 1.5 times as long).
 */
function scaledTwice(s: number, rest: number, e: number): number {
  const e1 = e >> 1;
  const a = POW2[POW2_BIAS + e1]!;
  const b = POW2[POW2_BIAS + e - e1]!;
  EXP_TAIL[0] = rest * a * b;
  return s * a * b;
}

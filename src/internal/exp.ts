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

/** The constants, for the WebAssembly kernel's source (scripts/wasm.ts writes them into it) and the tests. */
export const EXP_CONSTANTS = { INV_L, L_HI, L_LO, SHIFT, C2, C3, C4, C5, C6, EXP_UNDERFLOW, EXP_OVERFLOW } as const;

/**
 * 2^(j/32) for j = 0…31 as pairs hi, lo: hi the nearest double, lo the nearest
 * double to the remainder (from 80-digit decimals; test/internal/exp.test.ts
 * recomputes them). The WebAssembly kernel's memory holds the same bytes.
 */
const TABLE = /* @__PURE__ */ Float64Array.of(
  1, 0,
  1.0218971486541166, 5.109225028973444e-17,
  1.0442737824274138, 8.551889705537965e-17,
  1.0671404006768237, -7.899853966841582e-17,
  1.0905077326652577, -3.046782079812471e-17,
  1.1143867425958924, 1.0410278456845571e-16,
  1.1387886347566916, 8.912812676025408e-17,
  1.1637248587775775, 3.8292048369240935e-17,
  1.189207115002721, 3.982015231465646e-17,
  1.215247359980469, -7.712630692681488e-17,
  1.241857812073484, 4.658027591836937e-17,
  1.2690509571917332, 2.667932131342186e-18,
  1.2968395546510096, 2.5382502794888315e-17,
  1.3252366431597413, -2.8587312100388614e-17,
  1.3542555469368927, 7.70094837980299e-17,
  1.383909881963832, -6.770511658794786e-17,
  1.4142135623730951, -9.667293313452913e-17,
  1.4451808069770467, -3.0237581349939873e-17,
  1.4768261459394993, -3.483994556892796e-17,
  1.5091644275934228, -1.016455327754295e-16,
  1.5422108254079407, 7.949834809697621e-17,
  1.5759808451078865, -1.0136916471278304e-17,
  1.6104903319492543, 2.4707192569797888e-17,
  1.645755478153965, -1.0125679913674773e-16,
  1.681792830507429, 8.199010020581497e-17,
  1.718619298122478, -1.851380418263111e-17,
  1.7562521603732995, 2.960140695448873e-17,
  1.7947090750031072, 1.8227458427912087e-17,
  1.8340080864093424, 3.283107224245627e-17,
  1.8741676341103, -6.122763413004143e-17,
  1.9152065613971474, -1.0619946056195963e-16,
  1.9571441241754002, 8.960767791036668e-17,
);

/** The table, for the kernel's memory and the tests. */
export const EXP_TABLE = TABLE;

/** 2^e for the normal exponents e = −1022…1023, at index e + POW2_BIAS: built by exact doublings and halvings. */
const POW2_BIAS = 1022;
const POW2 = /* @__PURE__ */ powersOfTwo();

function powersOfTwo(): Float64Array {
  const table = new Float64Array(POW2_BIAS + 1024);
  for (let e = 0, p = 1; e <= 1023; e++, p *= 2) table[POW2_BIAS + e] = p;
  for (let e = 0, p = 1; e >= -POW2_BIAS; e--, p /= 2) table[POW2_BIAS + e] = p;
  return table;
}

/** e^x within 1 ULP, the same bits on every engine and in the WebAssembly kernel. */
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
  const s = hi + (TABLE[j + 1]! + hi * p);
  // One exact scaling where 2^e is a normal double (as fast as Math.exp; two
  // cost a third more), else two: the same product, which the kernel forms
  // always in two.
  if (e >= -1022 && e <= 1023) return s * POW2[POW2_BIAS + e]!;
  const e1 = e >> 1;
  return s * POW2[POW2_BIAS + e1]! * POW2[POW2_BIAS + e - e1]!;
}

/**
 * ULP distance between a computed double and an exact reference, measured with
 * decimal.js so that the reference's extra digits count.
 *
 * `ulp(v)` is the spacing of doubles at |v|: 2^(floor(log2|v|) − 52) for normal
 * values and 2^-1074 in the subnormal range (SPEC §4). The error of `y` against
 * `exact` is |y − exact| / ulp(exact), computed from the exact binary value of
 * `y` (not its shortest decimal string), so a result 0.4 ULP away reads 0.4.
 */
import Decimal from "decimal.js";

/** A private Decimal constructor: 80 significant digits, enough for every reference here. */
export const D = Decimal.clone({ precision: 80, rounding: Decimal.ROUND_HALF_EVEN, minE: -9e15, maxE: 9e15 });
export type Dec = InstanceType<typeof D>;

const MIN_NORMAL_EXPONENT = -1022;
const SUBNORMAL_ULP_EXPONENT = -1074;

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** Binary exponent e of a finite non-zero double, |v| in [2^e, 2^(e+1)); subnormals report their true exponent. */
export function exponentOf(v: number): number {
  f64[0] = Math.abs(v);
  const bits = u64[0]!;
  const biased = Number(bits >> 52n);
  if (biased !== 0) return biased - 1023;
  // Subnormal: the exponent is fixed at -1022 minus the leading zeros of the fraction.
  const fraction = bits & ((1n << 52n) - 1n);
  return SUBNORMAL_ULP_EXPONENT + fraction.toString(2).length - 1;
}

/** The exact decimal value of a double (every binary fraction has a finite decimal expansion). */
export function exactDecimal(v: number): Dec {
  if (!Number.isFinite(v)) throw new RangeError(`exactDecimal: ${v} is not finite`);
  if (v === 0) return new D(0);
  f64[0] = v;
  const bits = u64[0]!;
  const negative = bits >> 63n === 1n;
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (biased === 0 ? 1 : biased) - 1075; // v = mantissa * 2^exponent
  let text: string;
  if (exponent >= 0) {
    text = (mantissa << BigInt(exponent)).toString();
  } else {
    // mantissa / 2^k = mantissa * 5^k / 10^k, an exact decimal with k fractional digits.
    const k = -exponent;
    text = `${(mantissa * 5n ** BigInt(k)).toString()}e-${k}`;
  }
  return new D(negative ? `-${text}` : text);
}

/** ulp(exact) as a Decimal, following the golden README's definition. */
export function ulpOf(exact: Dec): Dec {
  if (exact.isZero()) return new D(2).pow(SUBNORMAL_ULP_EXPONENT);
  const magnitude = exact.abs();
  const nearest = Math.abs(magnitude.toNumber());
  // Number() rounds: a value just below a power of two can round up onto it, so
  // compare against the decimal value to find the binade the exact value lies in.
  let e = nearest === Infinity ? 1024 : exponentOf(nearest === 0 ? Number.MIN_VALUE : nearest);
  if (magnitude.lt(new D(2).pow(e))) e -= 1;
  const ulpExponent = Math.max(e, MIN_NORMAL_EXPONENT) - 52;
  return new D(2).pow(ulpExponent);
}

/**
 * |computed − exact| / ulp(exact). Infinite when `computed` is NaN or infinite
 * while `exact` is finite, or when `exact` is 0 and `computed` is not.
 */
export function ulpError(computed: number, exact: Dec | string | number): number {
  const ref = exact instanceof D ? exact : typeof exact === "number" ? exactDecimal(exact) : new D(exact);
  if (!ref.isFinite()) {
    // A reference beyond the double range is only met by the matching infinity.
    return computed === ref.toNumber() ? 0 : Infinity;
  }
  if (!Number.isFinite(computed)) {
    // An exact value beyond the largest double must be returned as that infinity.
    return computed === ref.toNumber() && Math.abs(ref.toNumber()) === Infinity ? 0 : Infinity;
  }
  if (ref.isZero()) return computed === 0 ? 0 : Infinity;
  return exactDecimal(computed).minus(ref).abs().div(ulpOf(ref)).toNumber();
}

/** ulp of a double value itself (spacing at |v|), as a double; ulp(0) is the smallest subnormal. */
export function ulpOfDouble(v: number): number {
  if (!Number.isFinite(v)) return NaN;
  if (v === 0) return Number.MIN_VALUE;
  return 2 ** (Math.max(exponentOf(v), MIN_NORMAL_EXPONENT) - 52);
}

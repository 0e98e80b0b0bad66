/**
 * High-precision references (decimal.js, 80 significant digits) computed from
 * the exact binary value of each double input. Each is arranged so that the
 * decimal arithmetic itself neither overflows nor cancels beyond its 80 digits.
 */
import { D, exactDecimal, type Dec } from "./ulp.js";

/** log(1 + t) for t ≥ 0; the series for tiny t, where 1 + t would round to 1 even at 80 digits. */
function ln1p(t: Dec): Dec {
  if (t.lt("1e-30")) return t.minus(t.pow(2).div(2)).plus(t.pow(3).div(3)).minus(t.pow(4).div(4));
  return t.plus(1).ln();
}

/** σ(x), only exp of a non-positive number taken. */
export function exactSigmoid(x: number): Dec {
  const X = exactDecimal(x);
  if (x >= 0) return new D(1).div(X.neg().exp().plus(1));
  const e = X.exp();
  return e.div(e.plus(1));
}

/** log(1 + e^x), as x + log(1 + e^(−x)) for x > 0. */
export function exactSoftplus(x: number): Dec {
  const X = exactDecimal(x);
  return x > 0 ? X.plus(ln1p(X.neg().exp())) : ln1p(X.exp());
}

/** log σ(x) = −softplus(−x). */
export function exactLogSigmoid(x: number): Dec {
  return exactSoftplus(-x).neg();
}

/** log(p) − log(1 − p) for p in (0, 1); ±Infinity at p = 0 and 1. */
export function exactLogit(p: number): Dec {
  if (p === 0) return new D(-Infinity);
  if (p === 1) return new D(Infinity);
  const P = exactDecimal(p);
  return P.ln().minus(new D(1).minus(P).ln());
}

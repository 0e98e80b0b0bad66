/**
 * High-precision references (decimal.js, 80 significant digits) computed from
 * the exact binary value of each double input. Each is arranged so that the
 * decimal arithmetic itself neither overflows nor cancels beyond its 80 digits.
 */
import { D, exactDecimal, type Dec } from "./ulp.js";

/** Wide enough to add 1 and 1e-323 exactly. */
const Wide = D.clone({ precision: 2000 });

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

/**
 * The terms e^((x_i − m)/T) of a finite row, m its maximum, and rest = Σ of all
 * but one maximal term.
 */
function rowTerms(row: readonly number[], temperature = 1): { m: number; X: Dec[]; terms: Dec[]; rest: Dec } {
  const m = Math.max(...row);
  const M = exactDecimal(m);
  const T = exactDecimal(temperature);
  const X = row.map((v) => (v === -Infinity ? new D(-Infinity) : exactDecimal(v).minus(M).div(T)));
  const terms = X.map((d) => (!d.isFinite() || d.lt(-5000) ? new D(0) : d.exp()));
  const top = row.indexOf(m);
  let rest = new D(0);
  terms.forEach((t, i) => {
    if (i !== top) rest = rest.plus(t);
  });
  return { m, X, terms, rest };
}

/** softmax of a row with a finite maximum: e^((x_i − m)/T) / (1 + rest). */
export function exactSoftmax(row: readonly number[], temperature = 1): Dec[] {
  const { terms, rest } = rowTerms(row, temperature);
  const total = rest.plus(1);
  return terms.map((t) => t.div(total));
}

/** logSoftmax of a row with a finite maximum: (x_i − m)/T − log1p(rest). */
export function exactLogSoftmax(row: readonly number[], temperature = 1): Dec[] {
  const { X, rest } = rowTerms(row, temperature);
  const L = ln1p(rest);
  return X.map((d) => d.minus(L));
}

/** logSumExp of a row with a finite maximum: m + log1p(rest). */
export function exactLogSumExp(row: readonly number[]): Dec {
  const { m, rest } = rowTerms(row);
  return exactDecimal(m).plus(ln1p(rest));
}

/**
 * Weighted logSumExp, log |Σ b_i e^(x_i)|, over the elements with b_i ≠ 0 (finite
 * x), as { value, m }: value = m + log |S| for S = Σ b_i e^(x_i − m), taken as
 * log1p(S − 1) with S − 1 formed without rounding 1 + tiny. Null when the sum is 0.
 */
export function exactWeightedLogSumExp(row: readonly number[], b: readonly number[]): { value: Dec; m: Dec } | null {
  const kept = row.map((v, i) => ({ v, b: b[i]! })).filter((e) => e.b !== 0 && e.v > -Infinity);
  if (kept.length === 0) return null;
  const m = Math.max(...kept.map((e) => e.v));
  const M = exactDecimal(m);
  const top = kept.findIndex((e) => e.v === m);
  // S − 1 = (b_top − 1) + Σ_others, summed at 2000 digits so that 1 + tiny
  // (down to 1e-323) keeps its tiny part; each term has its 80 digits.
  let sMinus1 = new Wide(exactDecimal(kept[top]!.b)).minus(1);
  kept.forEach((e, i) => {
    if (i === top) return;
    const d = exactDecimal(e.v).minus(M);
    if (!d.lt(-5000)) sMinus1 = sMinus1.plus(exactDecimal(e.b).times(d.exp()));
  });
  const S = kept.reduce((sum, e) => {
    const d = exactDecimal(e.v).minus(M);
    return d.lt(-5000) ? sum : sum.plus(exactDecimal(e.b).times(d.exp()));
  }, new D(0));
  if (S.isZero()) return null;
  const log = S.gt("0.5") ? ln1pSigned(new D(sMinus1)) : S.abs().ln();
  return { value: M.plus(log), m: M };
}

/** log(1 + t) for t > −0.5, by the series for tiny |t|. */
function ln1pSigned(t: Dec): Dec {
  if (t.abs().lt("1e-30")) return t.minus(t.pow(2).div(2)).plus(t.pow(3).div(3)).minus(t.pow(4).div(4));
  return t.plus(1).ln();
}

/** Σ_c a_c · (−logSoftmax(row)_c) for exact coefficients a_c (terms with a_c = 0 left out), finite maximum. */
export function exactSoftmaxCrossEntropy(row: readonly number[], a: readonly Dec[]): Dec {
  const lp = exactLogSoftmax(row);
  return a.reduce((sum, c, i) => (c.isZero() ? sum : sum.minus(c.times(lp[i]!))), new D(0));
}

/**
 * The gradient of {@link exactSoftmaxCrossEntropy} in the logits: p_c Σa − a_c,
 * finite maximum. For the maximum, (Σa − a_top) − Σa · rest/(1 + rest): p_top Σa
 * − a_top would cancel below the 80 digits for a confident class.
 */
export function exactSoftmaxCrossEntropyGradient(row: readonly number[], a: readonly Dec[]): Dec[] {
  const { m, terms, rest } = rowTerms(row);
  const top = row.indexOf(m);
  const total = a.reduce((sum, c) => sum.plus(c), new D(0));
  // Σ a over the others, summed rather than total − a_top: that difference
  // cancels past the 80 digits when a_top dwarfs the others (weights of 1e300).
  const others = a.reduce((sum, c, i) => (i === top ? sum : sum.plus(c)), new D(0));
  const sum = rest.plus(1);
  return terms.map((t, i) => (i === top ? others.minus(total.times(rest).div(sum)) : t.div(sum).times(total).minus(a[i]!)));
}

/** Binary cross-entropy with logit x, label z, positive weight w: w z softplus(−x) + (1 − z) softplus(x), zero coefficients left out. */
export function exactSigmoidCrossEntropy(x: number, z: number, w = 1): Dec {
  const a = exactDecimal(w).times(exactDecimal(z));
  const b = new D(1).minus(exactDecimal(z));
  const first = a.isZero() ? new D(0) : a.times(exactSoftplus(-x));
  return b.isZero() ? first : first.plus(b.times(exactSoftplus(x)));
}

/** Its derivative in x: (1 − z) σ(x) − w z σ(−x). */
export function exactSigmoidCrossEntropyGradient(x: number, z: number, w = 1): Dec {
  const a = exactDecimal(w).times(exactDecimal(z));
  const b = new D(1).minus(exactDecimal(z));
  return b.times(exactSigmoid(x)).minus(a.times(exactSigmoid(-x)));
}

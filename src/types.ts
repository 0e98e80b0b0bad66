/**
 * An array of real numbers accepted as input by every function.
 *
 * `Float64Array` is the fast path. `Float32Array` and plain `number[]` are
 * accepted too and computed in double precision; the result is always a
 * `Float64Array`. Integer typed arrays are rejected with a `TypeError`, so that a
 * label array can never be passed where logits are expected.
 */
export type RealArray = Float64Array | Float32Array | readonly number[];

/** Options of the elementwise functions (`sigmoid`, `logSigmoid`, `softplus`). */
export interface ElementwiseOptions {
  /**
   * Where to write the result: a `Float64Array` of the input's length, which may
   * be the input itself (in place). It is returned. When given, the call
   * allocates nothing that grows with the input. When omitted, a new
   * `Float64Array` is allocated.
   */
  out?: Float64Array | undefined;
}

/** Options of {@link logit}. */
export interface LogitOptions extends ElementwiseOptions {
  /**
   * Clamp the input to `[eps, 1 − eps]` before taking the logit, as PyTorch's
   * `torch.logit(input, eps)`: inputs outside `[0, 1]` are clamped too, so they
   * give finite results instead of NaN. `1 − eps` is the double nearest to it.
   * Must be in `[0, 0.5]`; anything else is a `RangeError`. NaN inputs stay NaN.
   * Omitted (the default): no clamp.
   */
  eps?: number | undefined;
}

/** Options of {@link logit} for a single number. */
export type LogitScalarOptions = Omit<LogitOptions, "out">;

/**
 * Where an axis function works: a flat row-major array seen as an N-D array of
 * `shape`, one slice per position of the other axes, along `axis`.
 */
export interface AxisOptions {
  /**
   * The dimensions of the array, row-major (C order); their product must be
   * the array's length. Omitted: the whole array is one slice.
   */
  shape?: readonly number[] | undefined;
  /**
   * The axis the function works along; negative values count from the end
   * (−1, the default, is the last axis and the fast path: contiguous slices).
   */
  axis?: number | undefined;
}

/** Options of {@link softmax} and {@link logSoftmax}. */
export interface SoftmaxOptions extends AxisOptions {
  /**
   * Where to write the result: a `Float64Array` of the input's length, which may
   * be the input itself (in place). When given, the call allocates nothing that
   * grows with the input.
   */
  out?: Float64Array | undefined;
  /**
   * Divide the logits by T before normalising: softmax(x / T), computed from
   * the exact quotients (the division's rounding is corrected like that of
   * x − max). T > 1 flattens the distribution, T < 1 sharpens it. A positive
   * finite number; default 1, which takes no extra work.
   */
  temperature?: number | undefined;
}

/** Options of {@link logSumExp}. */
export interface LogSumExpOptions extends AxisOptions {
  /**
   * Where to write the per-slice results: a `Float64Array` with one element per
   * slice (the product of the other dimensions). Given, the result is always an
   * array, even for one slice.
   */
  out?: Float64Array | undefined;
  /**
   * Weights, as SciPy's `logsumexp(a, b=...)`: log |Σ b_i e^(x_i)| per slice. Same
   * length and layout as `x`. An element with b_i = 0 contributes nothing, even
   * where x_i is ±∞. A slice whose weighted sum is negative gives NaN unless
   * `returnSign` is true.
   */
  b?: RealArray | undefined;
  /** When true, also return the sign of each (weighted) sum: see {@link SignedLogSumExpOptions}. */
  returnSign?: false | undefined;
}

/** Options of {@link logSumExp} returning the sign of each sum as well (SciPy's `return_sign=True`). */
export interface SignedLogSumExpOptions extends Omit<LogSumExpOptions, "returnSign"> {
  returnSign: true;
  /** Where to write the per-slice signs (one element per slice); given, the result holds arrays. */
  signOut?: Float64Array | undefined;
}

/**
 * The result of {@link logSumExp} with `returnSign: true`: `value` = log |Σ b_i e^(x_i)|
 * and `sign` = +1, −1 or 0 (the sign of the sum; 0 where it is 0 and `value` is −∞;
 * NaN where `value` is NaN).
 */
export interface SignedLogSumExp<T extends number | Float64Array> {
  value: T;
  sign: T;
}

/**
 * How a loss combines its per-example values: `'none'` returns them all (a
 * `Float64Array`, TensorFlow's default), `'sum'` their sum and `'mean'` their
 * mean (numbers; PyTorch's default is `'mean'`). The mean of a weighted loss is
 * as PyTorch's: see each loss.
 */
export type Reduction = "none" | "sum" | "mean";

/** The options every fused loss takes. */
export interface LossOptions extends AxisOptions {
  /**
   * The logits: raw, unnormalised scores, in a flat row-major array of `shape`
   * (default: one example, the whole array); `axis` is the class axis (default
   * the last).
   */
  logits: RealArray;
  /** `'none'` (the default), `'sum'` or `'mean'`: see {@link Reduction}. */
  reduction?: Reduction | undefined;
  /**
   * With `reduction: 'none'`, where to write the per-example losses: a
   * `Float64Array` of their number. Given, the call allocates nothing that grows
   * with the input. Not allowed with `'sum'` or `'mean'`.
   */
  out?: Float64Array | undefined;
  /**
   * Where to write the gradient of the returned loss with respect to the logits
   * (with `'none'`: of each example's loss with respect to its own logits, that
   * is, of their sum): a `Float64Array` of the logits' length, computed in the
   * same pass. For the gradient alone, pass it with `'sum'` or `'mean'` and
   * ignore the number returned.
   */
  grad?: Float64Array | undefined;
}

/** Options of the softmax losses. */
export interface SoftmaxLossOptions extends LossOptions {
  /**
   * A weight per class (PyTorch's `weight`), non-negative and finite, of the
   * class axis' length: each term −z_c log p_c is multiplied by `weights[c]`.
   */
  weights?: RealArray | undefined;
  /**
   * Label smoothing ε in [0, 1] (PyTorch's `label_smoothing`): the labels are
   * mixed with the uniform distribution, z' = (1 − ε) z + ε / C for C classes.
   * Default 0.
   */
  labelSmoothing?: number | undefined;
}

/** Options of {@link softmaxCrossEntropyWithLogits}. */
export interface SoftmaxCrossEntropyOptions extends SoftmaxLossOptions {
  /**
   * The labels: a probability distribution over the classes per example (one-hot
   * or soft), in the logits' layout and length.
   */
  labels: RealArray;
}

/** An array of integer class labels. */
export type IntegerLabels = Int32Array | Uint32Array | readonly number[];

/** Options of {@link sparseSoftmaxCrossEntropyWithLogits}. */
export interface SparseSoftmaxCrossEntropyOptions extends SoftmaxLossOptions {
  /**
   * The labels: one class index in [0, C) per example, in the layout of the
   * logits without their class axis (for shape [N, C]: N labels).
   */
  labels: IntegerLabels;
  /**
   * A label value that marks an example to leave out (PyTorch's
   * `ignore_index`): its loss and gradient are 0 and it does not count in the
   * mean. Default: none (PyTorch's default is −100; here −100 is an error unless
   * asked for).
   */
  ignoreIndex?: number | undefined;
}

/** Options of {@link sigmoidCrossEntropyWithLogits}. */
export interface SigmoidCrossEntropyOptions extends LossOptions {
  /** The labels: a probability z in [0, 1] per logit (0 or 1 for hard labels), in the logits' layout and length. */
  labels: RealArray;
  /**
   * The weight of the positive term (PyTorch's `pos_weight`, TensorFlow's
   * `weighted_cross_entropy_with_logits`): a non-negative finite number, or one
   * per class (along `axis`). Default 1.
   */
  posWeight?: number | RealArray | undefined;
}

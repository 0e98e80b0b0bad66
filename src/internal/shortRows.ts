/**
 * Short rows (2 to SHORT_MAX elements) on the kernels of the modules
 * shortRows (rows of two and three, their elements in registers) and
 * laneRows (longer ones, element by element; kernels.wat): softmax's,
 * logSoftmax's, logSumExp's and the softmax losses' steps for such a row
 * (its maximum, its terms and their compensated sum, then the
 * probabilities or a loss's gradient, or log1p and the log-probabilities or
 * the log-sum), a row to a lane, without the first pass's records, whose
 * per-row cost is most of such a row's.
 * The same bits as the JavaScript, which runs where the kernels do not, and
 * for the rows they leave to it (a NaN, an infinite maximum, a term below
 * e^-708).
 */
import { copyRange, DATA, type Kernels, loadLaneRowKernels, loadShortRowKernels, type ShortRowExports, wasmPath } from "./wasm.js";

/**
 * The longest rows the short rows' kernels take: beyond, the first pass's
 * kernels, whose per-row records then cost less than the lanes' element by
 * element steps. Against the first pass's kernels, in one process, softmax,
 * logSoftmax, logSumExp and the sparse loss took 0.49–0.73× the time on
 * rows of 4 to 7, 0.74–0.92× on rows of 8 to 12, and 0.91–1.06× on rows of
 * 16.
 */
export const SHORT_MAX = 12;

/**
 * The short rows' module for rows of n where it runs here for `length`
 * elements, else null (the caller's loops then do the work): null for n
 * outside [2, SHORT_MAX], and not laneRows for a single row: both its lanes
 * would do that row, element by element, where the first pass's kernels take
 * two elements a step (one call on a row of 8 to 12 took 1.1–1.2× their
 * time).
 */
export function shortRowKernels(length: number, n: number): Kernels<ShortRowExports> | null {
  if (n < 2 || n > SHORT_MAX || !wasmPath(length)) return null;
  if (n <= 3) return loadShortRowKernels();
  return length > n ? loadLaneRowKernels() : null;
}

/**
 * What the kernel makes of a row: its log-probabilities, logSumExp's value
 * and lh, its probabilities, the sparse loss's gradient
 * ({@link runSparseGradientRows}), or the probabilities with −(1 − p) at a
 * maximum whose rest is at most 1, for the dense loss's gradient.
 */
export const SHORT_LOG_SOFTMAX = 0;
export const SHORT_LOG_SUM_EXP = 1;
export const SHORT_SOFTMAX = 2;
export const SHORT_SPARSE_GRADIENT = 3;
export const SHORT_DENSE_GRADIENT = 4;
type ShortRowMode = typeof SHORT_LOG_SOFTMAX | typeof SHORT_LOG_SUM_EXP | typeof SHORT_SOFTMAX;

/**
 * Runs the short rows' kernel over the `count` ≤ CHUNK / n contiguous rows of
 * n of `src` from row r0, and returns the module's data area
 * with row q's results from q · n: for SHORT_LOG_SOFTMAX its
 * log-probabilities, for SHORT_LOG_SUM_EXP logSumExp's value m + (lh + ll)
 * before its test for a sum near 1, then lh, for SHORT_SOFTMAX its
 * probabilities. A NaN first result leaves the row to the caller, who must
 * read the block's results before doing it: its general path may run the
 * first pass's kernels, on this memory.
 */
export function runShortRows(k: Kernels<ShortRowExports>, src: Float64Array, r0: number, count: number, n: number, mode: ShortRowMode): Float64Array {
  copyRange(k.heap, 0, src, r0 * n, count * n);
  k.exports.rows(DATA, count, n, mode, 0, 1, 0);
  return k.heap;
}

/**
 * {@link runShortRows} for a softmax loss with its gradient, in one pass
 * over the rows: each row's log-probabilities in place (the module's data
 * area from 0, row q's from q · n, with the NaN flag), and from the index
 * this returns (row q's from there + q · n, flagged alike), for
 * SHORT_SPARSE_GRADIENT the sparse loss's gradient without smoothing or
 * weights, (p − [c = y]) / divisor for labels[q] the label of row r0 + q,
 * at a maximum whose rest is at most 1 formed from the complement 1 − p
 * (sparseGradient's; gradientLoop's where rest > 1); for
 * SHORT_DENSE_GRADIENT the probabilities, but −(1 − p) = −rest / (1 + rest)
 * at such a maximum, as restFraction (crossEntropy.ts) forms it: the row's
 * one negative result (labels and divisor unused).
 */
export function runLossRows(
  k: Kernels<ShortRowExports>,
  src: Float64Array,
  labels: Float64Array | undefined,
  r0: number,
  count: number,
  n: number,
  mode: typeof SHORT_SPARSE_GRADIENT | typeof SHORT_DENSE_GRADIENT,
  divisor: number,
): number {
  const { heap } = k;
  copyRange(heap, 0, src, r0 * n, count * n);
  // The labels from the next 16-byte boundary after the rows (a pair of
  // rows' two in one load), the second results from the next after them.
  const at = (count * n + 1) & ~1;
  if (labels !== undefined) copyRange(heap, at, labels, 0, count);
  const second = (at + count + 1) & ~1;
  k.exports.rows(DATA, count, n, mode, DATA + 8 * at, divisor, DATA + 8 * second);
  return second;
}

/**
 * {@link runShortRows} for softmax and logSoftmax, whose results are a row's
 * n outputs: writes each row the kernel did into its place in `dst`, and
 * returns the rows it left (their inputs untouched, in place too), or
 * undefined. The caller does those once this returns: their general path
 * may run the first pass's kernels, on the memory the results were in.
 */
export function shortRowsInto(
  k: Kernels<ShortRowExports>,
  src: Float64Array,
  dst: Float64Array,
  r0: number,
  count: number,
  n: number,
  mode: typeof SHORT_LOG_SOFTMAX | typeof SHORT_SOFTMAX,
): number[] | undefined {
  const done = runShortRows(k, src, r0, count, n, mode);
  let left: number[] | undefined;
  // The rows it did, run by run between those it left, by copyRange (one
  // run, usually): element by element, the copy took a seventh of softmax's
  // time on rows of 10.
  let from = 0;
  for (let q = 0; q <= count; q++) {
    if (q < count && done[q * n] === done[q * n]) continue;
    if (q > from) copyRange(dst, (r0 + from) * n, done, from * n, (q - from) * n);
    if (q < count) (left ??= []).push(r0 + q);
    from = q + 1;
  }
  return left;
}

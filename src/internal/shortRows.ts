/**
 * Rows of two and of three on the kernel shortRows (kernels.wat):
 * logSoftmax's and logSumExp's steps for such a row (its maximum, its terms
 * and their compensated sum, log1p, then the log-probabilities or the
 * log-sum), a row to a lane, without the first pass's records, whose per-row
 * cost is most of such a row's. The same bits as the JavaScript, which runs
 * where the kernels do not, and for the rows they leave to it (a NaN, an
 * infinite maximum, a term below e^-708).
 */
import { copyRange, DATA, type Kernels, loadShortRowKernels, type ShortRowExports, wasmPath } from "./wasm.js";

/** The short rows' module where it runs here for `length` elements, else null (the caller's loops then do the work). */
export function shortRowKernels(length: number): Kernels<ShortRowExports> | null {
  return wasmPath(length) ? loadShortRowKernels() : null;
}

/**
 * Runs the kernel shortRows over the `count` ≤ CHUNK / n contiguous rows of
 * n = 2 or 3 of `src` from row r0, and returns the module's data area
 * with row q's results from q · n: with `sums` 0 its log-probabilities, with
 * 1 logSumExp's value m + (lh + ll) before its test for a sum near 1, then
 * lh. A NaN first result leaves the row to the caller, who must read the
 * block's results before doing it: its general path may run the first
 * pass's kernels, on this memory.
 */
export function runShortRows(k: Kernels<ShortRowExports>, src: Float64Array, r0: number, count: number, n: 2 | 3, sums: 0 | 1): Float64Array {
  copyRange(k.heap, 0, src, r0 * n, count * n);
  k.exports.shortRows(DATA, count, n, sums);
  return k.heap;
}

/**
 * Rows of two on the kernel pairRows (kernels.wat): logSoftmax's and
 * logSumExp's steps for a row of two (pairTop, pairRest, log1p, then the
 * log-probabilities or the log-sum), a row to a lane, without the first
 * pass's records, whose per-row cost is most of such a row's. The same bits
 * as the callers' JavaScript for a row, which runs where the kernel does
 * not, and for the rows the kernel leaves to it (pairRest's NaN cases).
 */
import { CHUNK, copyRange, DATA, loadPairKernels, wasmPath } from "./wasm.js";

/** Rows of two per call: the module's data area holds CHUNK doubles. */
export const PAIR_ROWS = CHUNK / 2;

/**
 * Runs pairRows over the `count` ≤ PAIR_ROWS contiguous rows of two of
 * `src` from row r0, and returns the module's data area with row q's two
 * results at 2q and 2q + 1: with `sums` 0 its two log-probabilities, with 1
 * logSumExp's value m + lh before its test for a sum near 1, then lh. A NaN
 * first result leaves the row to the caller, who must read the block's
 * results before doing it: its general path may run the first pass's
 * kernels, on this memory. Null where the kernels do not run (the caller
 * does every row).
 */
export function pairRowsKernel(src: Float64Array, r0: number, count: number, sums: 0 | 1): Float64Array | null {
  const k = wasmPath(2 * count) ? loadPairKernels() : null;
  if (k === null) return null;
  copyRange(k.heap, 0, src, 2 * r0, 2 * count);
  k.exports.pairRows(DATA, count, sums);
  return k.heap;
}

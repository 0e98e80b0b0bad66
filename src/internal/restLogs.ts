/**
 * The logs of the rests: log Σ e^(x_i − m) = log1p(rest) for each slice of a
 * block after its first pass ({@link restSums}), which logSoftmax, logSumExp
 * and the softmax losses all start from. Taken by the kernel logRests
 * (kernels.wat) on rows the first pass did in WebAssembly, while their records
 * are in the module's memory, else here ({@link restLog}): the same bits.
 */

import { blockScratch, RESTS, type RestLogs, TOPS } from "./expSum.js";
import { log1pOf } from "./log.js";
import { loadSecondPassKernels, RECORD, RECORDS } from "./wasm.js";

/** log1p(rest) = lh + ll at 2r for slice r of a block, where restSums was given {@link REST_LOGS}. */
export const LOGS = /* @__PURE__ */ blockScratch(2);

/**
 * LOGS for slice r, log(1 + rest) for its rest rh + rl in RESTS as a
 * double-double: log1p(rh), and rl / (1 + rh), the first-order effect of the
 * low part. log1p keeps every digit of a rest far below 1, where
 * log(1 + rest) would round 1 + rest first and return 0 below 2^-53.
 */
function restLog(r: number): void {
  const rh = RESTS[3 * r]!;
  LOGS[2 * r] = log1pOf(rh);
  LOGS[2 * r + 1] = RESTS[3 * r + 1]! / (1 + rh);
}

/**
 * restLog for the `rows` slices from r0 whose first pass the kernel restRows
 * has just done: logRests over their records, then copied out (rows without
 * a finite maximum have none), 10 ns a row less than restLog here.
 */
function kernelLogs(rows: number, r0: number): void {
  const k = loadSecondPassKernels();
  if (k === null) {
    for (let q = 0; q < rows; q++) if (TOPS[r0 + q]! >= 0) restLog(r0 + q);
    return;
  }
  const { records } = k;
  k.exports.logRests(rows, RECORDS);
  for (let q = 0; q < rows; q++) {
    const r = r0 + q;
    if (TOPS[r]! < 0) continue;
    LOGS[2 * r] = records[q * RECORD + 5]!;
    LOGS[2 * r + 1] = records[q * RECORD + 6]!;
  }
}

/** The logs for {@link restSums}: pass it where LOGS is needed. */
export const REST_LOGS: RestLogs = { rows: kernelLogs, slice: restLog };

/**
 * The first pass at a temperature T ≠ 1 on the kernels: scaledRows
 * (kernels.wat), in a module of its own on the rest module's memory, which
 * softmax and logSoftmax pass to restSums ({@link ScaledRows}). The same bits
 * as scaledRestSum of expSum.ts.
 */

import type { ScaledRows } from "./expSum.js";
import { DATA, loadScaledKernels, RECORDS } from "./wasm.js";

/**
 * 2^995: above it, Dekker's product of z and T needs T scaled down first
 * (twoProductError of float.ts), which the kernel does not do.
 */
const TEMPERATURE_LIMIT = 3.3484643974570854e299;

/** The kernel for {@link restSums}: where the module runs and T ≤ 2^995. */
export const SCALED_ROWS: ScaledRows = {
  ready: (temperature) => temperature <= TEMPERATURE_LIMIT && loadScaledKernels() !== null,
  run: (rows, n, temperature) => loadScaledKernels()!.exports.scaledRows(DATA, rows, n, RECORDS, temperature),
  part: (n, temperature) => loadScaledKernels()!.exports.scaledPart(DATA, n, RECORDS, temperature),
};

/**
 * Prints sigmoid, softplus and logSigmoid of 1000 fixed values, as hex bits, in
 * a process started with `node --no-expose-wasm` (no WebAssembly global): the
 * library must fall back to its JavaScript loops. test/internal/noWasm.test.ts
 * compares the output with the WebAssembly path's.
 *
 *   node --no-expose-wasm --import tsx test/scripts/noWasm.ts
 */
import { logSigmoid, sigmoid, softplus } from "../../src/index.js";
import { noWasmInputs, toHex } from "./noWasmInputs.js";

const x = noWasmInputs();
console.log(JSON.stringify({ wasm: typeof WebAssembly, sigmoid: toHex(sigmoid(x)), softplus: toHex(softplus(x)), logSigmoid: toHex(logSigmoid(x)) }));

/**
 * Prints the results of every function that has a kernel (noWasmResults), as
 * hex bits, in a process started with `node --no-expose-wasm` (no WebAssembly
 * global): the library must fall back to its JavaScript loops.
 * test/internal/noWasm.test.ts compares the output with the WebAssembly path's.
 *
 *   node --no-expose-wasm --import tsx test/scripts/noWasm.ts
 */
import { noWasmResults } from "./noWasmInputs.js";

console.log(JSON.stringify({ wasm: typeof WebAssembly, ...noWasmResults() }));

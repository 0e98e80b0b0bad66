/** 1000 fixed inputs over the regimes of the elementwise kernels, and a bit-exact rendering of results. */
export function noWasmInputs(): Float64Array {
  const x = new Float64Array(1000);
  let state = 7;
  for (let i = 0; i < x.length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const u = state / 2147483648;
    x[i] = i % 4 === 0 ? (u - 0.5) * 1600 : i % 4 === 1 ? (u - 0.5) * 80 : i % 4 === 2 ? (u - 0.5) * 2 : [NaN, Infinity, -Infinity, 0, -0, 5e-324, 745.2, -745.2][i % 8]!;
  }
  return x;
}

/** Each double's 64 bits in hex. */
export function toHex(values: Float64Array): string[] {
  const view = new DataView(values.buffer, values.byteOffset, values.byteLength);
  return Array.from({ length: values.length }, (_, i) => view.getBigUint64(i * 8).toString(16));
}

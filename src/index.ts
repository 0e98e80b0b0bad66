export { logit } from "./logit.js";
export { logSigmoid } from "./logSigmoid.js";
export { sigmoid } from "./sigmoid.js";
export { softplus } from "./softplus.js";
export type { ElementwiseOptions, LogitOptions, LogitScalarOptions, RealArray } from "./types.js";

export { logit } from "./logit.js";
export { logSigmoid } from "./logSigmoid.js";
export { logSoftmax } from "./logSoftmax.js";
export { logSumExp } from "./logSumExp.js";
export { sigmoid } from "./sigmoid.js";
export { softmax } from "./softmax.js";
export { softplus } from "./softplus.js";
export type {
  AxisOptions,
  ElementwiseOptions,
  LogSumExpOptions,
  LogitOptions,
  LogitScalarOptions,
  RealArray,
  SignedLogSumExp,
  SignedLogSumExpOptions,
  SoftmaxOptions,
} from "./types.js";

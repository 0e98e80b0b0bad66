export { logit } from "./logit.js";
export { logSigmoid } from "./logSigmoid.js";
export { logSoftmax } from "./logSoftmax.js";
export { logSumExp } from "./logSumExp.js";
export { sigmoid } from "./sigmoid.js";
export { sigmoidCrossEntropyWithLogits } from "./sigmoidCrossEntropyWithLogits.js";
export { softmax } from "./softmax.js";
export { softmaxCrossEntropyWithLogits } from "./softmaxCrossEntropyWithLogits.js";
export { softplus } from "./softplus.js";
export { sparseSoftmaxCrossEntropyWithLogits } from "./sparseSoftmaxCrossEntropyWithLogits.js";
export type {
  AxisOptions,
  ElementwiseOptions,
  IntegerLabels,
  LogSumExpOptions,
  LogitOptions,
  LogitScalarOptions,
  LossOptions,
  RealArray,
  Reduction,
  SigmoidCrossEntropyOptions,
  SignedLogSumExp,
  SignedLogSumExpOptions,
  SoftmaxCrossEntropyOptions,
  SoftmaxLossOptions,
  SoftmaxOptions,
  SparseSoftmaxCrossEntropyOptions,
} from "./types.js";

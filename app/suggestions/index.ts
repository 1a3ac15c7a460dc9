/*
 * Suggestions: pure proposal logic and outcome measurement (no I/O). The contract is ./types.
 */
export * from "./types";
export { generateProposals } from "./generate";
export { baselineForecast, matchControls, measureOutcome, minimumDetectableEffect } from "./outcome";

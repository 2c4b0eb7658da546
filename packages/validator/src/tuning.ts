/**
 * Switches for tests. The fast paths recognise values that are already canonical and valid; with
 * `fastPaths` off every value takes the detailed path, so tests can prove both give the same answer.
 */
export const tuning: { fastPaths: boolean } = { fastPaths: true };

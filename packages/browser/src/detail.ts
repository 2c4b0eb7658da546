/**
 * Whether this package's error messages state the rule that was broken or only where: the same
 * switch as @fph-kit/spec's `DETAILED`, true in the development bundles and in tests, false in the
 * production bundles (build.mjs replaces both modules), so that the rule texts are not downloaded
 * by every page. Codes and the option named are in every message either way.
 */
export const DETAILED: boolean = true;

/**
 * Whether a formatter's error message states the rule it applies (`screens[0].width: must be a
 * positive whole number, got 0`) or only names the input and the refused value (`screens[0].width:
 * got 0`). True in every build except the production bundles of @fph-kit/browser: their build
 * replaces this module with one that says false, and the rule texts then drop out of what a web page
 * downloads. The error's code and field are the same either way.
 *
 * A check that the browser bundle reaches writes its rule text as `DETAILED && '...'`, so that the
 * text is removed along with the dead branch.
 */
export const DETAILED: boolean = true;

import type { Command } from './io.js';

/** One `fph` command: what `fph --help` says of it, and how to load it. */
export interface CommandEntry {
  /** One line: what the command does. */
  summary: string;
  /** Commands load lazily so `fph validate` does not pay for the service's start-up. */
  load: () => Promise<Command>;
}

export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  validate: {
    summary: "check fraud prevention headers the way HMRC's Test API does, offline",
    load: async () => (await import('./commands/validate.js')).validateCommand,
  },
  compare: {
    summary: "validate headers here and with HMRC's Test API, and list every disagreement",
    load: async () => (await import('./commands/compare.js')).compareCommand,
  },
  feedback: {
    summary: "HMRC's validation feedback for an API's sandbox requests, or a local gateway's",
    load: async () => (await import('./commands/feedback.js')).feedbackCommand,
  },
  explain: {
    summary:
      "a rule of the catalogue: its message, whose wording it is, the fix and the spec's section",
    load: async () => (await import('./commands/explain.js')).explainCommand,
  },
  collect: {
    summary: "this machine's fraud prevention headers, from @fph-kit/node",
    load: async () => (await import('./commands/collect.js')).collectCommand,
  },
  serve: {
    summary: 'the validator service, its web page and the sandbox gateway',
    load: async () => (await import('./commands/serve.js')).serveCommand,
  },
};

import type { HeaderName } from '../headers.js';

/**
 * What could not be collected, or only in part, or what was refused, and why: the one shape the
 * browser collector (`notes`), the Node collector (`warnings`) and the server assembler
 * (`problems`) report. Notes are data, never exceptions: the header set holds what could be
 * collected truthfully, and each note says what is missing or was dropped. Each package lists its
 * own codes.
 */
export interface CollectionNote<Code extends string = string> {
  /** SCREAMING_SNAKE code of what happened, from the package's own list. */
  code: Code;
  /**
   * The header concerned: a Gov-* name, or the proxy header (`X-Forwarded-For`, `Forwarded`, ...)
   * for the server's forwarding notes. Absent for a note about no one header (the whole client
   * payload).
   */
  header?: string;
  /** One sentence: what happened, why, and what follows for the header set. */
  message: string;
  /** The value concerned, made printable and cut short, when there was one. */
  value?: string;
}

/** A {@link CollectionNote} about one header of the spec: the collectors' notes always name it. */
export interface HeaderNote<Code extends string = string> extends CollectionNote<Code> {
  header: HeaderName;
}

/**
 * Limits of an answer value, kept free of zod so the kernel worker can check answers when a
 * cell records them without bundling the schema library (`@voxel-academy/protocol/limits`).
 * The protocol's AnswerValue schema is built from the same numbers.
 */
export const ANSWER_LIMITS = {
  /** Options selected in one choice answer. */
  choices: 50,
  /** Characters of a unit next to a number. */
  unitChars: 20,
  /** Characters of a text answer. */
  textChars: 2000,
  /** Numbers in a vector answer (e.g. transform parameters). */
  vectorValues: 64,
  /** Characters of an upload id. */
  uploadIdChars: 100
} as const;

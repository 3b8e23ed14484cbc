/**
 * Errors an uploaded image can cause. Their messages are shown to the learner as-is, so each
 * says what is wrong and what to do about it.
 */
export class ImageFormatError extends Error {
  override readonly name = 'ImageFormatError';
}

export class ImageTooLargeError extends Error {
  override readonly name = 'ImageTooLargeError';
  constructor(
    message: string,
    /** The limit that was exceeded, in bytes. */
    readonly limitBytes: number
  ) {
    super(message);
  }
}

export function megabytes(bytes: number): string {
  return `${Number((bytes / (1024 * 1024)).toPrecision(3))} MB`;
}

import { Token } from '@lumino/coreutils';
import type { ZodType, infer as zInfer } from 'zod';
import type { ISignal } from '@lumino/signaling';
import type { Catalog, CertificateSummary, LessonVariant, Me } from '@voxel-academy/protocol';

/** Talks to the course server through the hub proxy, logging in through the hub when needed. */
export interface IAcademyClient {
  /** Absolute path of the course service, e.g. `/services/academy/`, or null outside a hub. */
  readonly serviceUrl: string | null;
  /** Emitted when the service location changes (settings edited). */
  readonly serviceChanged: ISignal<IAcademyClient, string | null>;
  me(): Promise<Me>;
  catalog(): Promise<Catalog>;
  /** The learner's certificates (the server issues earned ones on the way). */
  certificates(): Promise<CertificateSummary[]>;
  /** Any JSON API call under the service, validated with a protocol schema (401 → hub login, once). */
  request<S extends ZodType>(path: string, schema: S, init?: RequestInit): Promise<zInfer<S>>;
  /**
   * The bytes of a teaching dataset (`course.data(id)` in the kernel); the first course when
   * `courseId` is null. With `lessonId`, the learner's own variant when that lesson's
   * assessment gives each learner their own data.
   */
  dataset(courseId: string | null, datasetId: string, lessonId?: string | null): Promise<IAcademyClient.IDatasetFile>;
  /** The learner's variant of a lesson's assessment (`course.variant()` in the kernel). */
  lessonVariant(courseId: string, lessonId: string): Promise<LessonVariant>;
}

export const IAcademyClient = new Token<IAcademyClient>(
  '@voxel-academy/labextension:IAcademyClient',
  'The Voxel Academy course-server client.'
);

export namespace IAcademyClient {
  export interface IOptions {
    serviceUrl: string | null;
    fetchImpl?: typeof fetch;
  }

  export interface IDatasetFile {
    fileName: string;
    data: Uint8Array;
    /** The server says a generated phantom stands in for the real teaching data. */
    phantom?: boolean;
    /** The variant tag when the file is the learner's own variant. */
    variant?: string;
  }
}

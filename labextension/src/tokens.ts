import { Token } from '@lumino/coreutils';
import type { ZodType, infer as zInfer } from 'zod';
import type { ISignal } from '@lumino/signaling';
import type { Catalog, CertificateSummary, Me } from '@voxel-academy/protocol';

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
  /** The bytes of a teaching dataset of a course (`course.data(id)` in the kernel), reporting the download's progress. */
  dataset(courseId: string, datasetId: string, progress?: IAcademyClient.DownloadProgress): Promise<IAcademyClient.IDatasetFile>;
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

  /** Share received (null when the size is unknown) and how much, e.g. "12.3 of 40.1 MB". */
  export type DownloadProgress = (fraction: number | null, detail: string) => void;

  export interface IDatasetFile {
    fileName: string;
    data: Uint8Array;
    /** The server says a generated phantom stands in for the real teaching data. */
    phantom?: boolean;
  }
}

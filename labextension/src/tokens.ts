import { Token } from '@lumino/coreutils';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { ZodType, infer as zInfer } from 'zod';
import type { ISignal } from '@lumino/signaling';
import type { BadgeSummary, Catalog, CertificateSummary, CourseProgress, DiscussionCounts, LearningJourney, LessonVariant, LiveEvent, Me, UploadResult } from '@voxel-academy/protocol';

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
   * Uploads an image answer (POST api/uploads), reporting the share sent: a mask can be tens
   * of megabytes, and a learner should see it move.
   */
  upload(body: Blob, progress?: (fraction: number) => void): Promise<UploadResult>;
  /**
   * The bytes of a teaching dataset of a course (`course.data(id)` in the kernel), reporting the
   * download's progress. With `lessonId`, the learner's own variant when that lesson's assessment
   * gives each learner their own data (issue 10).
   */
  dataset(courseId: string, datasetId: string, progress?: IAcademyClient.DownloadProgress, lessonId?: string | null): Promise<IAcademyClient.IDatasetFile>;
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
    /** Messages of the errors it raises are shown to learners. */
    trans?: TranslationBundle;
  }

  /** Share received (null when the size is unknown) and how much, e.g. "12.3 of 40.1 MB". */
  export type DownloadProgress = (fraction: number | null, detail: string) => void;

  export interface IDatasetFile {
    fileName: string;
    data: Uint8Array;
    /** The server says a generated phantom stands in for the real teaching data. */
    phantom?: boolean;
    /** The variant tag when the file is the learner's own variant. */
    variant?: string;
  }
}

/** The course server's live events (api/events WebSocket), one connection per tab for every view. */
export interface ILiveEvents {
  /** Every event the server pushes to this learner's tabs, parsed with the protocol's schema. */
  readonly received: ISignal<ILiveEvents, LiveEvent>;
  /** Opens the connection (once logged in); reconnects by itself after drops. */
  connect(): void;
  /**
   * Follows one lesson's discussion (discussion.changed events) until the returned function is
   * called; kept across reconnects. The server follows at most 8 lessons per socket.
   */
  watchDiscussion(courseId: string, lessonId: string): () => void;
}

export const ILiveEvents = new Token<ILiveEvents>('@voxel-academy/labextension:ILiveEvents', 'Live events pushed by the course server.');

/** The catalog, the learner's progress and certificates, kept current by live events. */
export interface IAcademyCatalog {
  readonly state: IAcademyCatalog.State;
  /** Emitted with the new state; views re-render what changed from it. */
  readonly changed: ISignal<IAcademyCatalog, IAcademyCatalog.State>;
  /** `quiet`: keep showing the current content while reloading (live updates, no flicker). */
  refresh(quiet?: boolean): Promise<void>;
  /** Reads one course's discussion counts again (after the learner read or wrote in it). */
  refreshDiscussions?(courseId: string): void;
}

export const IAcademyCatalog = new Token<IAcademyCatalog>('@voxel-academy/labextension:IAcademyCatalog', 'The Voxel Academy catalog and the learner’s progress.');

export namespace IAcademyCatalog {
  export type State =
    | { kind: 'loading' }
    | {
        kind: 'ready';
        catalog: Catalog;
        me: Me;
        certificates: CertificateSummary[];
        /** Module badges (none where the server could not say). */
        badges: BadgeSummary[];
        progress: ReadonlyMap<string, CourseProgress>;
        /** Points, level, streak and milestones by course (absent where the server could not say). */
        journeys: ReadonlyMap<string, LearningJourney>;
        /** Questions, unresolved and unread posts per lesson, by course (absent where the server could not say). */
        discussions: ReadonlyMap<string, DiscussionCounts>;
      }
    | { kind: 'error'; message: string };
}

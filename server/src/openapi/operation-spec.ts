import type { z } from 'zod';
import type * as P from '@voxel-academy/protocol';

// The shape of one operation of the table (operations.ts), in a module of its own so that the
// table's parts (discussion-operations.ts) can use it without importing the table.

/** Every API operation by id: the ApiPath entries served over HTTP (`events` is the WebSocket). */
export type OperationId = Exclude<keyof typeof P.ApiPath, 'events'>;

export interface IOperationSpec {
  method: 'get' | 'post' | 'put' | 'delete';
  summary: string;
  /** Who may call it; "public" needs no session, every other access mounts the session check. */
  access: 'public' | 'learner' | 'instructor' | 'admin';
  /** Also open to a machine presenting `Authorization: Bearer <ACADEMY_METRICS_TOKEN>` (Prometheus has no hub session). */
  scraperToken?: true;
  request?: z.ZodType;
  requestType?: 'json' | 'binary';
  response?: z.ZodType;
  responseType?: 'json' | 'csv' | 'binary' | 'prometheus';
  status?: number;
}

import { useEffect, useRef, useState } from 'react';
import {
  apiDelete,
  apiGet,
  apiPatch,
  apiPost,
  apiUpload,
  isAbortError,
  isApiError,
  seg,
  withQuery,
} from './client';
import type {
  Delivery,
  DeliveryStatus,
  EndpointInput,
  ImportJob,
  ImportKind,
  IntegrationSource,
  IntegrationSourceWithSecret,
  SourceInput,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
  WebhookEvent,
  WebhookEventStatus,
} from './types';
import { type Paged, usePaged } from './usePaged';

const BASE = '/integrations';

// Imports

/** Body types the import route takes; anything else is sent as plain bytes. */
const UPLOAD_TYPES = [
  'text/csv',
  'application/octet-stream',
  'application/gzip',
  'application/x-gzip',
  'application/x-ndjson',
  'application/ndjson',
];

/**
 * The content type to upload a file with: its own when the server takes it, else one guessed
 * from the name (browsers call a CSV `application/vnd.ms-excel` on some systems).
 */
export function uploadType(file: { name: string; type: string }): string {
  if (UPLOAD_TYPES.includes(file.type)) {
    return file.type;
  }
  const name = file.name.toLowerCase();
  if (name.endsWith('.gz')) {
    return 'application/gzip';
  }
  if (name.endsWith('.ndjson') || name.endsWith('.jsonl')) {
    return 'application/x-ndjson';
  }
  if (name.endsWith('.csv')) {
    return 'text/csv';
  }
  return 'application/octet-stream';
}

export interface ImportRequest {
  kind: ImportKind;
  preset: string;
  file: File;
  dryRun: boolean;
}

/** Uploads the file itself as the body; the server answers 202 with the queued job. */
export function startImport({ kind, preset, file, dryRun }: ImportRequest): Promise<ImportJob> {
  const path = withQuery(`${BASE}/imports`, { kind, preset, fileName: file.name, dryRun });
  return apiUpload<ImportJob>(path, file, uploadType(file));
}

export function cancelImport(id: string): Promise<ImportJob> {
  return apiPost<ImportJob>(`${BASE}/imports/${seg(id)}/cancel`);
}

/** Where the browser downloads a job's row report (CSV). */
export function importErrorReportUrl(id: string): string {
  return `/api/v1${BASE}/imports/${seg(id)}/errors`;
}

export function useImportJobs(): Paged<ImportJob> {
  return usePaged<ImportJob>(withQuery(`${BASE}/imports`, { limit: 10 }));
}

export function isActiveImport(job: ImportJob): boolean {
  return job.status === 'queued' || job.status === 'running';
}

/** How often queued and running jobs are read again. */
export const IMPORT_POLL_MS = 2000;

/**
 * Reads every queued or running job of the list again every 2 s and puts the fresh one in its
 * place; `onFinished` hears each job that has just ended. Stops when none is active, or when
 * the server no longer lets this member read them.
 */
export function useImportPolling(jobs: Paged<ImportJob>, onFinished: (job: ImportJob) => void) {
  const { items, setItems } = jobs;
  const [round, setRound] = useState(0);
  const [stopped, setStopped] = useState(false);
  const finishedRef = useRef(onFinished);
  useEffect(() => {
    finishedRef.current = onFinished;
  }, [onFinished]);
  const active = items
    .filter(isActiveImport)
    .map((job) => job.id)
    .join(',');

  useEffect(() => {
    if (active === '' || stopped) {
      return undefined;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      const ids = active.split(',');
      Promise.all(
        ids.map((id) => apiGet<ImportJob>(`${BASE}/imports/${seg(id)}`, controller.signal)),
      )
        .then((fresh) => {
          const byId = new Map(fresh.map((job) => [job.id, job]));
          setItems((current) => current.map((job) => byId.get(job.id) ?? job));
          for (const job of fresh) {
            if (!isActiveImport(job)) {
              finishedRef.current(job);
            }
          }
          setRound((value) => value + 1);
        })
        .catch((caught: unknown) => {
          if (isAbortError(caught)) {
            return;
          }
          if (isApiError(caught) && (caught.status === 401 || caught.status === 403)) {
            setStopped(true);
            return;
          }
          // A hiccup (network, restart): try again next round.
          setRound((value) => value + 1);
        });
    }, IMPORT_POLL_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [active, round, stopped, setItems]);
}

/** A record as a list keeps it: without the secret, which is shown once and never kept. */
export function withoutSecret<T extends { secret: string }>(value: T): Omit<T, 'secret'> {
  const { secret, ...rest } = value;
  void secret;
  return rest;
}

// Sources (partner systems that send webhooks) and their inbound events

export function useSources(): Paged<IntegrationSource> {
  return usePaged<IntegrationSource>(`${BASE}/sources`);
}

export function createSource(input: SourceInput): Promise<IntegrationSourceWithSecret> {
  return apiPost<IntegrationSourceWithSecret>(`${BASE}/sources`, input);
}

export function setSourceEnabled(id: string, enabled: boolean): Promise<IntegrationSource> {
  return apiPatch<IntegrationSource>(`${BASE}/sources/${seg(id)}`, { enabled });
}

export function rotateSourceSecret(id: string): Promise<IntegrationSourceWithSecret> {
  return apiPost<IntegrationSourceWithSecret>(`${BASE}/sources/${seg(id)}/rotate-secret`);
}

export function deleteSource(id: string): Promise<void> {
  return apiDelete(`${BASE}/sources/${seg(id)}`);
}

/** The address a partner system posts its webhooks to, on this site. */
export function inboundWebhookUrl(source: IntegrationSource): string {
  const path = source.webhookPath || `/integrations/${seg(source.slug)}/webhooks`;
  return `${window.location.origin}${path}`;
}

/** Recent inbound events, of one status and one source (by slug) when given. */
export function useWebhookEvents(
  status: WebhookEventStatus | '',
  source: string,
): Paged<WebhookEvent> {
  return usePaged<WebhookEvent>(withQuery(`${BASE}/webhook-events`, { status, source }));
}

export function replayWebhookEvent(id: string): Promise<WebhookEvent> {
  return apiPost<WebhookEvent>(`${BASE}/webhook-events/${seg(id)}/replay`);
}

export function canReplayWebhookEvent(event: WebhookEvent): boolean {
  return event.status === 'failed' || event.status === 'parked';
}

// Outbound webhooks

export function useEndpoints(): Paged<WebhookEndpoint> {
  return usePaged<WebhookEndpoint>(`${BASE}/webhook-endpoints`);
}

export function createEndpoint(input: EndpointInput): Promise<WebhookEndpointWithSecret> {
  return apiPost<WebhookEndpointWithSecret>(`${BASE}/webhook-endpoints`, input);
}

export function updateEndpoint(
  id: string,
  change: Partial<EndpointInput>,
): Promise<WebhookEndpoint> {
  return apiPatch<WebhookEndpoint>(`${BASE}/webhook-endpoints/${seg(id)}`, change);
}

export function deleteEndpoint(id: string): Promise<void> {
  return apiDelete(`${BASE}/webhook-endpoints/${seg(id)}`);
}

export function rotateEndpointSecret(id: string): Promise<WebhookEndpointWithSecret> {
  return apiPost<WebhookEndpointWithSecret>(`${BASE}/webhook-endpoints/${seg(id)}/rotate-secret`);
}

export function pingEndpoint(id: string): Promise<Delivery> {
  return apiPost<Delivery>(`${BASE}/webhook-endpoints/${seg(id)}/ping`);
}

export function useDeliveries(status: DeliveryStatus | ''): Paged<Delivery> {
  return usePaged<Delivery>(withQuery(`${BASE}/deliveries`, { status }));
}

export function replayDelivery(id: string): Promise<Delivery> {
  return apiPost<Delivery>(`${BASE}/deliveries/${seg(id)}/replay`);
}

export function canReplayDelivery(delivery: Delivery): boolean {
  return delivery.status === 'succeeded' || delivery.status === 'dead';
}

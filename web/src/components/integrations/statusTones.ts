import type { DeliveryStatus, ImportStatus, SourceKind, WebhookEventStatus } from '../../api/types';
import type { StatusTone } from '../StatusBadge';

export const IMPORT_TONES: Record<ImportStatus, StatusTone> = {
  queued: 'busy',
  running: 'busy',
  succeeded: 'good',
  failed: 'bad',
  cancelled: 'neutral',
};

export const DELIVERY_TONES: Record<DeliveryStatus, StatusTone> = {
  pending: 'busy',
  succeeded: 'good',
  dead: 'bad',
};

export const WEBHOOK_EVENT_TONES: Record<WebhookEventStatus, StatusTone> = {
  queued: 'busy',
  processed: 'good',
  parked: 'warn',
  failed: 'bad',
  ignored: 'neutral',
};

export const SOURCE_KIND_ORDER: readonly SourceKind[] = ['shop', 'crm', 'loyalty', 'social'];

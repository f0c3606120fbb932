import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addMonthsClamped,
  clockFor,
  daysLeft,
  extensionRefusal,
  isOverdue,
  regimeForRegion,
} from './clocks.js';

const at = (iso: string) => new Date(iso);
const iso = (date: Date | null) => date?.toISOString() ?? null;

describe('GDPR clock: one calendar month, clamped to the end of a shorter month', () => {
  it.each([
    ['2026-01-15T09:30:00.000Z', '2026-02-15T09:30:00.000Z'],
    ['2026-01-31T10:00:00.000Z', '2026-02-28T10:00:00.000Z'],
    ['2028-01-31T10:00:00.000Z', '2028-02-29T10:00:00.000Z'],
    ['2028-01-29T10:00:00.000Z', '2028-02-29T10:00:00.000Z'],
    ['2026-03-31T23:59:00.000Z', '2026-04-30T23:59:00.000Z'],
    ['2026-12-31T12:00:00.000Z', '2027-01-31T12:00:00.000Z'],
    ['2028-02-29T08:00:00.000Z', '2028-03-29T08:00:00.000Z'],
  ])('received %s → due %s', (received, due) => {
    expect(iso(clockFor('gdpr', at(received)).dueAt)).toBe(due);
  });

  it('extends to three calendar months from receipt, clamped the same way', () => {
    expect(iso(clockFor('gdpr', at('2026-01-31T10:00:00.000Z')).extendedDueAt)).toBe(
      '2026-04-30T10:00:00.000Z',
    );
    expect(iso(clockFor('gdpr', at('2027-11-30T10:00:00.000Z')).extendedDueAt)).toBe(
      '2028-02-29T10:00:00.000Z',
    );
  });

  it('has no acknowledgement deadline', () => {
    expect(clockFor('gdpr', at('2026-05-01T00:00:00.000Z')).ackDueAt).toBeNull();
  });

  it('does not move a due date that falls on a weekend', () => {
    // received Friday 30 January; February has no 30th, so 28 February, a Saturday, which
    // stays (answering earlier is always allowed)
    const due = clockFor('gdpr', at('2026-01-30T10:00:00.000Z')).dueAt;
    expect(iso(due)).toBe('2026-02-28T10:00:00.000Z');
    expect(due.getUTCDay()).toBe(6);
  });

  it('moves by negative months too', () => {
    expect(iso(addMonthsClamped(at('2026-03-31T00:00:00.000Z'), -1))).toBe(
      '2026-02-28T00:00:00.000Z',
    );
  });
});

describe('CCPA clock: 10 business days to acknowledge, 45 days to answer', () => {
  it.each([
    // Monday → Monday two weeks later
    ['2026-06-01T09:00:00.000Z', '2026-06-15T09:00:00.000Z'],
    // Friday → Friday two weeks later
    ['2026-06-05T09:00:00.000Z', '2026-06-19T09:00:00.000Z'],
    // Saturday: Monday is the first business day → Friday of the week after
    ['2026-06-06T09:00:00.000Z', '2026-06-19T09:00:00.000Z'],
    // Sunday, the same
    ['2026-06-07T09:00:00.000Z', '2026-06-19T09:00:00.000Z'],
    // across a month end and a leap day (Thursday 2028-02-24)
    ['2028-02-24T09:00:00.000Z', '2028-03-09T09:00:00.000Z'],
  ])('received %s → acknowledge by %s', (received, ack) => {
    expect(iso(clockFor('ccpa', at(received)).ackDueAt)).toBe(ack);
  });

  it('answers within 45 calendar days, 90 once extended', () => {
    const clock = clockFor('ccpa', at('2028-01-31T09:00:00.000Z'));
    expect(iso(clock.dueAt)).toBe('2028-03-16T09:00:00.000Z');
    expect(iso(clock.extendedDueAt)).toBe('2028-04-30T09:00:00.000Z');
  });

  it('never lands an acknowledgement on a weekend', () => {
    for (let day = 0; day < 14; day += 1) {
      const received = new Date(Date.UTC(2026, 6, 1 + day, 12));
      const ack = addBusinessDays(received, 10);
      expect([0, 6]).not.toContain(ack.getUTCDay());
      expect(ack.getTime() - received.getTime()).toBeGreaterThanOrEqual(12 * 86_400_000);
      expect(ack.getTime() - received.getTime()).toBeLessThanOrEqual(14 * 86_400_000);
    }
  });
});

describe('extension rules', () => {
  const receivedAt = at('2026-01-31T10:00:00.000Z');
  const firstDueAt = clockFor('gdpr', receivedAt).dueAt;

  it('allows a notice sent inside the first period, up to the first due date itself', () => {
    const day20 = at('2026-02-20T10:00:00.000Z');
    expect(extensionRefusal({ receivedAt, firstDueAt, extendedAt: null, noticeAt: day20 })).toBe(
      null,
    );
    expect(
      extensionRefusal({ receivedAt, firstDueAt, extendedAt: null, noticeAt: firstDueAt }),
    ).toBe(null);
  });

  it('refuses a late notice, a second extension and a notice dated before receipt', () => {
    const late = new Date(firstDueAt.getTime() + 1);
    expect(extensionRefusal({ receivedAt, firstDueAt, extendedAt: null, noticeAt: late })).toBe(
      'notice_too_late',
    );
    expect(
      extensionRefusal({ receivedAt, firstDueAt, extendedAt: receivedAt, noticeAt: receivedAt }),
    ).toBe('already_extended');
    expect(
      extensionRefusal({
        receivedAt,
        firstDueAt,
        extendedAt: null,
        noticeAt: at('2026-01-30T10:00:00.000Z'),
      }),
    ).toBe('notice_before_receipt');
  });
});

describe('days left and overdue', () => {
  const due = at('2026-03-10T12:00:00.000Z');

  it('counts whole days up, and turns overdue only after the due moment', () => {
    expect(daysLeft(due, at('2026-03-03T12:00:00.000Z'))).toBe(7);
    expect(daysLeft(due, at('2026-03-10T11:00:00.000Z'))).toBe(1);
    expect(isOverdue(due, at('2026-03-10T12:00:00.000Z'))).toBe(false);
    expect(isOverdue(due, at('2026-03-10T12:00:00.001Z'))).toBe(true);
    expect(daysLeft(due, at('2026-03-12T12:00:00.000Z'))).toBe(-2);
  });
});

describe('regime from region', () => {
  it.each([
    ['UK', 'gdpr'],
    ['gb', 'gdpr'],
    ['DE', 'gdpr'],
    ['NO', 'gdpr'],
    ['US', 'ccpa'],
    ['US-CA', 'ccpa'],
    ['CA', 'gdpr'],
    [null, 'gdpr'],
  ] as const)('%s → %s (default gdpr)', (code, regime) => {
    expect(regimeForRegion(code, 'gdpr')).toBe(regime);
  });

  it('uses the default for places neither law names', () => {
    expect(regimeForRegion('JP', 'ccpa')).toBe('ccpa');
    expect(regimeForRegion(null, 'ccpa')).toBe('ccpa');
  });
});

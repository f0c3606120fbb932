/**
 * The scoring engine on its own: which rule wins where, amounts, caps, cooldown, diminishing
 * returns, eligibility, and the refusal of rating or sentiment conditions (REV-01).
 */
import { describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../activity.types.js';
import {
  afterEarning,
  EMPTY_HISTORY,
  rulesFor,
  score,
  sentimentConditions,
  type MemberFacts,
  type Rule,
  type RuleSettings,
} from './engine.js';
import { settingsFrom } from './rules.service.js';

const base: RuleSettings = {
  points: 10,
  pointsPerCurrencyUnit: null,
  minorUnitsPerCurrencyUnit: 100,
  dailyCap: null,
  weeklyCap: null,
  lifetimeCap: null,
  cooldownSeconds: null,
  diminishing: null,
  eligibility: { roles: [], segments: [], minAccountAgeDays: null },
  conditions: {},
  returnWindowDays: null,
  expiryDays: null,
  tierQualifying: false,
};

let counter = 0;
function rule(changes: Partial<Rule> = {}, settings: Partial<RuleSettings> = {}): Rule {
  counter += 1;
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    version: 1,
    name: `rule ${counter}`,
    eventKind: 'post_published',
    scope: 'tenant',
    regionId: null,
    spaceId: null,
    bonus: false,
    active: true,
    createdAt: new Date(2026, 0, counter),
    ...changes,
    settings: { ...base, ...settings },
  };
}

const at = new Date('2026-12-05T10:00:00Z');
const event: ActivityEvent = {
  kind: 'post_published',
  userId: 'u1',
  actorId: null,
  causeKey: 'post:p1',
  occurredAt: at,
  spaceId: 'space-a',
  regionId: 'region-uk',
  properties: { storeId: 'S-1' },
};
const member: MemberFacts = {
  role: 'member',
  segments: ['loyalty-gold'],
  createdAt: new Date('2026-01-01T00:00:00Z'),
};

describe('which rule scores an event', () => {
  it('prefers space over region over tenant, and skips other kinds and inactive rules', () => {
    const tenant = rule();
    const region = rule({ scope: 'region', regionId: 'region-uk' });
    const space = rule({ scope: 'space', spaceId: 'space-a' });
    const otherSpace = rule({ scope: 'space', spaceId: 'space-b' });
    const inactive = rule({ scope: 'space', spaceId: 'space-a', active: false });
    const otherKind = rule({ eventKind: 'comment_published', scope: 'space', spaceId: 'space-a' });
    const all = [tenant, region, space, otherSpace, inactive, otherKind];
    expect(rulesFor(all, event).map((r) => r.id)).toEqual([space.id]);
    expect(rulesFor([tenant, region], event).map((r) => r.id)).toEqual([region.id]);
    expect(rulesFor([tenant, otherSpace], event).map((r) => r.id)).toEqual([tenant.id]);
    expect(rulesFor([otherKind, inactive], event)).toEqual([]);
  });

  it('needs every condition to hold, and adds bonus rules beside the winner', () => {
    const plain = rule();
    const store = rule({}, { conditions: { storeId: 'S-1' } });
    const elsewhere = rule({}, { conditions: { storeId: 'S-2' } });
    const bonus = rule({ bonus: true }, { points: 100 });
    expect(rulesFor([plain, store, elsewhere, bonus], event).map((r) => r.id)).toEqual([
      store.id,
      bonus.id,
    ]);
  });
});

describe('scoring', () => {
  it('gives a fixed amount, or a purchase scaled by its net amount in minor units', () => {
    expect(score(rule(), event, member, EMPTY_HISTORY)).toEqual({ points: 10, reason: 'earned' });
    const purchase = rule({ eventKind: 'purchase' }, { points: null, pointsPerCurrencyUnit: 1.5 });
    const order: ActivityEvent = { ...event, kind: 'purchase', quantity: 12_345 };
    expect(score(purchase, order, member, EMPTY_HISTORY).points).toBe(185);
    expect(score(purchase, { ...order, quantity: null }, member, EMPTY_HISTORY).points).toBe(0);
  });

  it('stops at the daily and weekly count and points caps, partly when points overflow', () => {
    const capped = rule({}, { dailyCap: { count: 3, points: null } });
    expect(score(capped, event, member, { ...EMPTY_HISTORY, dayCount: 2 }).points).toBe(10);
    expect(score(capped, event, member, { ...EMPTY_HISTORY, dayCount: 3 })).toEqual({
      points: 0,
      reason: 'daily_cap',
    });
    const pointsCap = rule({}, { weeklyCap: { count: null, points: 25 } });
    expect(score(pointsCap, event, member, { ...EMPTY_HISTORY, weekPoints: 20 })).toEqual({
      points: 5,
      reason: 'weekly_cap',
    });
    const once = rule({ bonus: true }, { points: 100, lifetimeCap: { count: 1, points: null } });
    expect(score(once, event, member, EMPTY_HISTORY).points).toBe(100);
    expect(score(once, event, member, { ...EMPTY_HISTORY, lifetimeCount: 1 }).points).toBe(0);
  });

  it('earns nothing inside the cooldown and in full after it', () => {
    const cooled = rule({}, { cooldownSeconds: 600 });
    const recent = { ...EMPTY_HISTORY, lastEarnedAt: new Date(at.getTime() - 599_000) };
    const earlier = { ...EMPTY_HISTORY, lastEarnedAt: new Date(at.getTime() - 600_000) };
    expect(score(cooled, event, member, recent)).toEqual({ points: 0, reason: 'cooldown' });
    expect(score(cooled, event, member, earlier).points).toBe(10);
  });

  it('diminishes each further event of the day by a step, never below zero', () => {
    const fading = rule({}, { diminishing: { afterCount: 2, step: 0.3 } });
    const byCount = [0, 1, 2, 3, 4, 5].map(
      (dayCount) => score(fading, event, member, { ...EMPTY_HISTORY, dayCount }).points,
    );
    expect(byCount).toEqual([10, 10, 7, 4, 1, 0]);
  });

  it('tests roles, segments and account age at the time of the event', () => {
    const ambassadors = rule(
      {},
      { eligibility: { roles: ['ambassador'], segments: [], minAccountAgeDays: null } },
    );
    expect(score(ambassadors, event, member, EMPTY_HISTORY).reason).toBe('not_eligible');
    expect(score(ambassadors, event, { ...member, role: 'ambassador' }, EMPTY_HISTORY).points).toBe(
      10,
    );
    const gold = rule(
      {},
      { eligibility: { roles: [], segments: ['loyalty-gold'], minAccountAgeDays: null } },
    );
    expect(score(gold, event, member, EMPTY_HISTORY).points).toBe(10);
    expect(score(gold, event, { ...member, segments: [] }, EMPTY_HISTORY).points).toBe(0);
    const seasoned = rule({}, { eligibility: { roles: [], segments: [], minAccountAgeDays: 30 } });
    const newcomer = { ...member, createdAt: new Date(at.getTime() - 29 * 86_400_000) };
    expect(score(seasoned, event, newcomer, EMPTY_HISTORY).points).toBe(0);
    expect(score(seasoned, event, member, EMPTY_HISTORY).points).toBe(10);
  });

  it('keeps a replayed history per day and week', () => {
    let history = EMPTY_HISTORY;
    history = afterEarning(history, 10, at, true, true);
    history = afterEarning(history, 0, at, true, true);
    history = afterEarning(history, 5, at, false, true);
    expect(history).toMatchObject({
      dayCount: 1,
      dayPoints: 5,
      weekCount: 2,
      weekPoints: 15,
      lifetimeCount: 2,
      lifetimePoints: 15,
    });
  });
});

describe('REV-01', () => {
  it('refuses rules that depend on a rating or sentiment, and allows any-rating reviews', () => {
    expect(sentimentConditions({ rating: 5 })).toEqual(['rating']);
    expect(sentimentConditions({ tone: 'positive' })).toEqual(['tone']);
    expect(sentimentConditions({ label: 'Positive' })).toEqual(['label']);
    expect(sentimentConditions({ starRating: 4, review_score: 3 })).toEqual([
      'starRating',
      'review_score',
    ]);
    expect(sentimentConditions({ productId: 'P-1', milestone: 'first' })).toEqual([]);
    expect(() =>
      settingsFrom({
        name: 'x',
        eventKind: 'review',
        scope: 'tenant',
        points: 500,
        conditions: { stars: 5 },
      }),
    ).toThrow(/REV-01/);
    expect(
      settingsFrom({ name: 'x', eventKind: 'review', scope: 'tenant', points: 50 }).points,
    ).toBe(50);
  });
});

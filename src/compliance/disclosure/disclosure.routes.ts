/**
 * The disclosure checker's API under /api/v1/compliance/disclosure: check a draft post (the
 * server adds what Guild knows about the caller: ambassador role or contract, staff, a paid
 * challenge, their market and profile bio) and list each
 * market's label ladder. docs/DISCLOSURE.md.
 */
import { Type } from 'typebox';
import { actorIdOf as actorId } from '../../core/http/request-context.js';
import { Nullable, StringEnum } from '../../core/http/schemas.js';
import type { ComplianceDeps } from '../compliance.js';
import { authorDisclosureContext } from './author-triggers.js';
import { checkDisclosure, type KnownTriggers } from './disclosure.js';
import { LANGUAGES, MARKET_LADDERS, MARKETS, type MarketLadder } from './markets.js';

const BASE = '/api/v1/compliance/disclosure';
const tags = ['compliance'];
/** Checks are cheap but text-heavy: a member editing a draft needs a few a minute at most. */
const CHECKS_PER_MINUTE = 60;

const SpanSchema = Type.Object({
  start: Type.Integer(),
  end: Type.Integer(),
  text: Type.String(),
  field: Type.Optional(Type.String()),
});
const RuleSchema = Type.Object({
  id: Type.String(),
  outcome: StringEnum(['passed', 'failed', 'not_applicable'] as const),
  severity: StringEnum(['B', 'W', 'I'] as const),
  message: Type.String(),
  evidence: Type.Array(SpanSchema),
});
const ResultSchema = Type.Object({
  market: StringEnum(MARKETS),
  language: StringEnum(LANGUAGES),
  needed: Type.Object({ required: Type.Boolean(), triggers: Type.Array(Type.String()) }),
  decision: StringEnum(['ok', 'needs_fix', 'review'] as const),
  disclosureFound: Type.Boolean(),
  disclosureProminent: Type.Boolean(),
  disclosurePosition: Nullable(Type.Integer()),
  visibleBeforeTruncation: Type.Boolean(),
  badgeRequired: Type.Boolean(),
  messages: Type.Array(Type.String()),
  rules: Type.Array(RuleSchema),
});
const CheckBody = Type.Object(
  {
    text: Type.String({ maxLength: 20_000 }),
    title: Type.Optional(Type.String({ maxLength: 300 })),
    market: Type.Optional(StringEnum(MARKETS)),
    previewChars: Type.Optional(Type.Integer({ minimum: 1, maximum: 20_000 })),
    declaredPaid: Type.Optional(Type.Boolean()),
    mediaKind: Type.Optional(StringEnum(['text', 'image', 'video', 'live'] as const)),
    onScreenLabel: Type.Optional(Type.Boolean()),
    spokenLabel: Type.Optional(Type.Boolean()),
    language: Type.Optional(StringEnum(LANGUAGES)),
    paidChallenge: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const LadderSchema = Type.Object({
  market: StringEnum(MARKETS),
  authority: Type.String(),
  accepted: Type.Array(Type.String()),
  conditional: Type.Array(Type.String()),
  ambiguous: Type.Array(Type.String()),
  never: Type.Array(Type.String()),
  tieSentenceAccepted: Type.Boolean(),
});

const presentLadder = (ladder: MarketLadder) => ({
  ...ladder,
  accepted: [...ladder.accepted],
  conditional: [...ladder.conditional],
  ambiguous: [...ladder.ambiguous],
  never: [...ladder.never],
});

export function registerDisclosureRoutes(deps: ComplianceDeps): void {
  const { app, db } = deps;

  app.post(
    `${BASE}/check`,
    {
      config: {
        access: 'signed_in',
        rateLimit: { max: CHECKS_PER_MINUTE, timeWindow: '1 minute' },
      },
      schema: {
        tags,
        summary: 'Check a draft post for the disclosure it needs (DISC, UK, IE, DE rules)',
        body: CheckBody,
        response: { 200: ResultSchema },
      },
    },
    async (request) => {
      const userId = actorId(request);
      const tenantId = request.guild.tenant.id;
      // The same triggers publishing reads (role or contract, staff, a paid challenge), so the
      // composer's verdict is the one the post will get.
      const author = await db.tenant(tenantId, (tx) => authorDisclosureContext(tx, userId, null));
      const { paidChallenge, market, ...post } = request.body;
      const triggers: KnownTriggers = {
        ...author.triggers,
        paidChallenge: author.triggers.paidChallenge || paidChallenge === true,
      };
      return checkDisclosure({
        ...post,
        market: market ?? author.market,
        triggers,
        profileBio: author.bio,
      });
    },
  );

  app.get(
    `${BASE}/markets`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: "Each market's accepted, conditional, ambiguous and never-acceptable labels",
        response: { 200: Type.Object({ items: Type.Array(LadderSchema) }) },
      },
    },
    () =>
      Promise.resolve({ items: MARKETS.map((market) => presentLadder(MARKET_LADDERS[market])) }),
  );
}

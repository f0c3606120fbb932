/**
 * The content API under /api/v1/content. Ambassadors (signed in; the service checks they are
 * the program's): upload images, submit content, read their own submissions with findings and
 * requested changes, send the next version. Reviewers (`content:review`): the list with its
 * filters, decisions, usage rights and their uses, the approval-time figures. Managers
 * (`ambassadors:manage`): each program's SLA and brand-rule settings. docs/CONTENT.md.
 */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { sql } from 'drizzle-orm';
import { recordAudit } from '../../core/audit/audit.js';
import { sqlRows, type Database, type Orm } from '../../core/db/database.js';
import { fail } from '../../core/errors/errors.js';
import { roleHas } from '../../core/http/access.js';
import { PageOf, PageQuery } from '../../core/http/pagination.js';
import { IdParams, Nullable, StringEnum } from '../../core/http/schemas.js';
import type { GuildServer } from '../../core/http/server.js';
import type { Actor } from '../../core/http/request-context.js';
import { getProgram } from '../../ambassadors/programs.service.js';
import { approvalTime } from './approval-time.js';
import { decideContent } from './decisions.service.js';
import { PLATFORMS } from './precheck.js';
import {
  presentAudit,
  presentDetail,
  presentRights,
  presentSubmission,
  presentUpload,
} from './present.js';
import {
  RIGHTS_CHANNELS,
  getRights,
  grantRights,
  recordUse,
  rightsOfSubmission,
} from './rights.service.js';
import {
  AUTO_DECISIONS,
  BREACH_ACTIONS,
  contentSettings,
  saveContentSettings,
  type ContentSettings,
} from './settings.service.js';
import {
  CONTENT_DECISIONS,
  CONTENT_REJECT_REASONS,
  MAX_BODY,
  MAX_LINKS,
  MAX_MEDIA,
  SUBMISSION_STATUSES,
  createSubmission,
  listForReview,
  listMine,
  loadSubmission,
  submissionFor,
  submitVersion,
} from './submissions.service.js';
import { MAX_UPLOAD_BYTES, getUpload, storeUpload, uploadBytes } from './uploads.js';

const BASE = '/api/v1/content';
const tags = ['content'];
const review = 'content:review' as const;
const DateTime = Type.String({ format: 'date-time' });

const Span = Type.Object({ start: Type.Integer(), end: Type.Integer(), text: Type.String() });
const FindingSchema = Type.Object({
  id: Type.String(),
  source: StringEnum(['moderation', 'disclosure', 'brand']),
  ruleId: Type.String(),
  severity: StringEnum(['B', 'W', 'I']),
  message: Type.String(),
  spans: Type.Array(Span),
});
const MediaSchema = Type.Object({
  kind: StringEnum(['image', 'video']),
  uploadId: Nullable(Type.String()),
  altText: Nullable(Type.String()),
  durationSeconds: Nullable(Type.Number()),
  onScreenLabel: Nullable(Type.Boolean()),
  spokenLabel: Nullable(Type.Boolean()),
});
const Hint = StringEnum(['clean', 'warn', 'block']);
const SubmissionSchema = Type.Object({
  id: Type.String(),
  /** The program it is for, or null for a challenge's submission. */
  programId: Nullable(Type.String()),
  challengeId: Nullable(Type.String()),
  /** The program's name, or the challenge's title. */
  programName: Type.String(),
  author: Nullable(
    Type.Object({ id: Type.String(), username: Type.String(), displayName: Type.String() }),
  ),
  missionId: Nullable(Type.String()),
  assignmentId: Nullable(Type.String()),
  status: StringEnum(SUBMISSION_STATUSES),
  currentVersion: Type.Integer(),
  title: Nullable(Type.String()),
  hint: Hint,
  firstSubmittedAt: DateTime,
  versionSubmittedAt: DateTime,
  dueAt: DateTime,
  overdue: Type.Boolean(),
  escalated: Type.Boolean(),
  breached: Type.Boolean(),
  reviewItemId: Nullable(Type.String()),
  firstDecision: Nullable(StringEnum(['approve', 'reject'])),
  firstDecidedAt: Nullable(DateTime),
  firstDecisionAutomatic: Nullable(Type.Boolean()),
  decidedAt: Nullable(DateTime),
  missionOutcome: Nullable(Type.String()),
  createdAt: DateTime,
});
const DetailSchema = Type.Object({
  ...SubmissionSchema.properties,
  versions: Type.Array(
    Type.Object({
      version: Type.Integer(),
      title: Nullable(Type.String()),
      body: Type.String(),
      links: Type.Array(Type.String()),
      media: Type.Array(MediaSchema),
      platforms: Type.Array(Type.String()),
      market: Type.String(),
      declaredPaid: Type.Boolean(),
      findings: Type.Array(FindingSchema),
      hint: Hint,
      createdAt: DateTime,
    }),
  ),
  decisions: Type.Array(
    Type.Object({
      version: Type.Integer(),
      decision: StringEnum(CONTENT_DECISIONS),
      reasonCode: Nullable(Type.String()),
      note: Nullable(Type.String()),
      changes: Type.Array(Type.Object({ findingId: Type.String(), note: Type.String() })),
      automatic: Type.Boolean(),
      decidedBy: Nullable(Type.String()),
      decidedAt: DateTime,
    }),
  ),
});
const VersionBody = {
  title: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  body: Type.String({ minLength: 1, maxLength: MAX_BODY }),
  links: Type.Optional(Type.Array(Type.String({ maxLength: 2048 }), { maxItems: MAX_LINKS })),
  media: Type.Optional(
    Type.Array(
      Type.Object(
        {
          kind: StringEnum(['image', 'video']),
          uploadId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
          altText: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
          durationSeconds: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 86_400 }))),
          onScreenLabel: Type.Optional(Type.Boolean()),
          spokenLabel: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
      { maxItems: MAX_MEDIA },
    ),
  ),
  platforms: Type.Array(StringEnum(PLATFORMS), { minItems: 1, maxItems: PLATFORMS.length }),
  market: Type.Optional(Nullable(Type.String({ minLength: 2, maxLength: 8 }))),
  declaredPaid: Type.Optional(Type.Boolean()),
};
const CreateBody = Type.Object(
  {
    /** The ambassador program the content is for; or `challengeId` (one of the two). */
    programId: Type.Optional(Type.String({ format: 'uuid' })),
    challengeId: Type.Optional(Type.String({ format: 'uuid' })),
    missionId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
    assignmentId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
    ...VersionBody,
  },
  { additionalProperties: false },
);
const VersionSchemaBody = Type.Object(VersionBody, { additionalProperties: false });
const DecisionBody = Type.Object(
  {
    decision: StringEnum(CONTENT_DECISIONS),
    reason: Type.Optional(Nullable(StringEnum(CONTENT_REJECT_REASONS))),
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    changes: Type.Optional(
      Type.Array(
        Type.Object(
          {
            findingId: Type.String({ maxLength: 20 }),
            note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
          },
          { additionalProperties: false },
        ),
        { maxItems: 50 },
      ),
    ),
  },
  { additionalProperties: false },
);
const UploadSchema = Type.Object({
  id: Type.String(),
  mediaType: Type.String(),
  byteSize: Type.Integer(),
  width: Type.Integer(),
  height: Type.Integer(),
  sha256: Type.String(),
  displayName: Type.String(),
  createdAt: DateTime,
});
const RightsSchema = Type.Object({
  id: Type.String(),
  submissionId: Type.String(),
  uploadId: Nullable(Type.String()),
  channels: Type.Array(Type.String()),
  startsAt: DateTime,
  endsAt: DateTime,
  paidUse: Type.Boolean(),
  feeNote: Nullable(Type.String()),
  state: StringEnum(['upcoming', 'active', 'expired']),
  createdAt: DateTime,
  uses: Type.Array(
    Type.Object({ channel: Type.String(), paid: Type.Boolean(), usedOn: Type.String() }),
  ),
});
const SettingsSchema = Type.Object({
  programId: Type.String(),
  slaHours: Type.Integer(),
  escalateAtPercent: Type.Integer(),
  breachAction: StringEnum(BREACH_ACTIONS),
  autoDecision: StringEnum(AUTO_DECISIONS),
  rightsReminderDays: Type.Array(Type.Integer()),
  brandRules: Type.Object({
    bannedPhrases: Type.Optional(Type.Array(Type.String())),
    competitors: Type.Optional(Type.Array(Type.String())),
  }),
});
const Words = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 200 });
const SettingsBody = Type.Object(
  {
    slaHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 720 })),
    escalateAtPercent: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    breachAction: Type.Optional(StringEnum(BREACH_ACTIONS)),
    autoDecision: Type.Optional(StringEnum(AUTO_DECISIONS)),
    rightsReminderDays: Type.Optional(
      Type.Array(Type.Integer({ minimum: 1, maximum: 365 }), { maxItems: 5 }),
    ),
    brandRules: Type.Optional(
      Type.Object(
        { bannedPhrases: Type.Optional(Words), competitors: Type.Optional(Words) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
const TimeSummary = Type.Object({
  count: Type.Integer(),
  medianSeconds: Nullable(Type.Number()),
  p90Seconds: Nullable(Type.Number()),
});

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

const presentSettings = (s: ContentSettings) => ({
  ...s,
  brandRules: {
    bannedPhrases: [...(s.brandRules.bannedPhrases ?? [])],
    competitors: [...(s.brandRules.competitors ?? [])],
  },
});

function actorOf(request: FastifyRequest): Actor {
  const actor = request.guild.actor;
  if (!actor) {
    throw fail.unauthenticated();
  }
  return actor;
}

export function registerContentRoutes({ app, db }: { app: GuildServer; db: Database }): void {
  const inTenant = <T>(request: FastifyRequest, work: (tx: Orm) => Promise<T>) =>
    db.tenant(request.guild.tenant.id, work);
  registerUploadRoutes(app, inTenant);
  registerAmbassadorRoutes(app, inTenant);
  registerReviewRoutes(app, inTenant);
  registerRightsRoutes(app, inTenant);
}

type InTenant = <T>(request: FastifyRequest, work: (tx: Orm) => Promise<T>) => Promise<T>;

/**
 * Images are uploaded for content submissions only: by ambassadors (the role, or an active
 * place in a program) and by reviewers, never by any member.
 */
async function assertMayUpload(tx: Orm, actor: Actor): Promise<void> {
  if (actor.role !== 'member') {
    return;
  }
  const [place] = await sqlRows<{ id: string }>(
    tx,
    sql`select id from ambassadors where user_id = ${actor.userId} and state = 'active' limit 1`,
  );
  if (!place) {
    throw fail.forbidden('Uploads are for ambassadors’ content submissions.');
  }
}

function registerUploadRoutes(app: GuildServer, inTenant: InTenant): void {
  app.post(
    `${BASE}/uploads`,
    {
      config: { access: 'signed_in' },
      // base64 grows the bytes by a third; the decoded size is checked against the limit
      bodyLimit: Math.ceil((MAX_UPLOAD_BYTES * 4) / 3) + 4096,
      schema: {
        tags,
        summary: 'Upload an image (PNG, JPEG, WebP or GIF, judged by its bytes) as base64',
        body: Type.Object(
          {
            filename: Type.Optional(Type.String({ maxLength: 255 })),
            data: Type.String({ minLength: 1, pattern: '^[A-Za-z0-9+/]*={0,2}$' }),
          },
          { additionalProperties: false },
        ),
        response: { 201: UploadSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const bytes = Buffer.from(request.body.data, 'base64');
      const upload = await inTenant(request, async (tx) => {
        await assertMayUpload(tx, actor);
        return storeUpload(tx, request.guild.tenant.id, actor.userId, {
          bytes,
          filename: request.body.filename,
        });
      });
      return reply.code(201).send(presentUpload(upload));
    },
  );

  app.get(
    `${BASE}/uploads/:id`,
    {
      config: { access: 'signed_in' },
      schema: { tags, summary: 'An uploaded image (its owner and reviewers)', params: IdParams },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { upload, bytes } = await inTenant(request, async (tx) => {
        const found = await getUpload(tx, request.params.id);
        if (found.ownerId !== actor.userId && !roleHas(actor.role, review)) {
          throw fail.notFound('No such upload.');
        }
        return { upload: found, bytes: await uploadBytes(tx, found.id) };
      });
      return reply
        .header('content-type', upload.mediaType)
        .header('x-content-type-options', 'nosniff')
        .header(
          'content-disposition',
          `inline; filename="${upload.id}.${EXTENSIONS[upload.mediaType] ?? 'bin'}"`,
        )
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, max-age=300')
        .send(bytes);
    },
  );
}

function registerAmbassadorRoutes(app: GuildServer, inTenant: InTenant): void {
  app.post(
    `${BASE}/submissions`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Submit content for a program (the first version, pre-checked and queued)',
        body: CreateBody,
        response: { 201: DetailSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const detail = await inTenant(request, async (tx) => {
        const created = await createSubmission(tx, request.guild.tenant.id, actor, request.body);
        await recordAudit(tx, request, {
          action: 'content.submit',
          targetType: 'content_submission',
          targetId: created.id,
          before: null,
          after: presentAudit(created),
        });
        return created;
      });
      return reply.code(201).send(presentDetail(detail));
    },
  );

  app.get(
    `${BASE}/submissions/mine`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'My submissions, newest first',
        querystring: PageQuery,
        response: { 200: PageOf(SubmissionSchema) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const page = await inTenant(request, (tx) =>
        listMine(tx, actor.userId, {
          limit: request.query.limit ?? 20,
          cursor: request.query.cursor,
        }),
      );
      return { items: page.items.map((s) => presentSubmission(s)), nextCursor: page.nextCursor };
    },
  );

  app.get(
    `${BASE}/submissions/:id`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'One submission with its versions, findings and decisions (author or reviewer)',
        params: IdParams,
        response: { 200: DetailSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return presentDetail(
        await inTenant(request, (tx) => submissionFor(tx, actor, request.params.id)),
      );
    },
  );

  app.post(
    `${BASE}/submissions/:id/versions`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Send the next version after changes were asked for',
        params: IdParams,
        body: VersionSchemaBody,
        response: { 201: DetailSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const detail = await inTenant(request, async (tx) => {
        const { before, after } = await submitVersion(
          tx,
          request.guild.tenant.id,
          actor,
          request.params.id,
          request.body,
        );
        await recordAudit(tx, request, {
          action: 'content.version',
          targetType: 'content_submission',
          targetId: after.id,
          before: presentAudit(before),
          after: presentAudit(after),
        });
        return after;
      });
      return reply.code(201).send(presentDetail(detail));
    },
  );
}

function registerReviewRoutes(app: GuildServer, inTenant: InTenant): void {
  app.get(
    `${BASE}/submissions`,
    {
      config: { access: review },
      schema: {
        tags,
        summary: 'Submissions for reviewers, soonest deadline (overdue) first',
        querystring: Type.Object({
          ...PageQuery.properties,
          status: Type.Optional(StringEnum(SUBMISSION_STATUSES)),
          programId: Type.Optional(Type.String({ format: 'uuid' })),
          overdue: Type.Optional(Type.Boolean()),
        }),
        response: { 200: PageOf(SubmissionSchema) },
      },
    },
    async (request) => {
      const page = await inTenant(request, (tx) =>
        listForReview(tx, {
          status: request.query.status,
          programId: request.query.programId,
          overdue: request.query.overdue,
          limit: request.query.limit ?? 20,
          cursor: request.query.cursor,
        }),
      );
      return { items: page.items.map((s) => presentSubmission(s)), nextCursor: page.nextCursor };
    },
  );

  app.post(
    `${BASE}/submissions/:id/decision`,
    {
      config: { access: review },
      schema: {
        tags,
        summary: 'Approve, reject (with a reason) or ask for changes (naming findings)',
        params: IdParams,
        body: DecisionBody,
        response: { 200: DetailSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const detail = await inTenant(request, async (tx) => {
        const { before, after } = await decideContent(
          tx,
          request.guild.tenant.id,
          { userId: actor.userId },
          request.params.id,
          request.body,
        );
        await recordAudit(tx, request, {
          action: 'content.decide',
          targetType: 'content_submission',
          targetId: after.id,
          details: { decision: request.body.decision, reason: request.body.reason ?? null },
          before: presentAudit(before),
          after: presentAudit(after),
        });
        return after;
      });
      return presentDetail(detail);
    },
  );

  app.get(
    `${BASE}/metrics/approval-time`,
    {
      config: { access: review },
      schema: {
        tags,
        summary: 'Content approval time: median and 90th percentile, automatic and human',
        querystring: Type.Object({
          from: DateTime,
          to: DateTime,
          programId: Type.Optional(Type.String({ format: 'uuid' })),
        }),
        response: {
          200: Type.Object({
            from: DateTime,
            to: DateTime,
            programId: Nullable(Type.String()),
            definition: Type.String(),
            all: TimeSummary,
            automatic: TimeSummary,
            human: TimeSummary,
            approved: Type.Integer(),
            rejected: Type.Integer(),
          }),
        },
      },
    },
    async (request) => {
      const from = new Date(request.query.from);
      const to = new Date(request.query.to);
      if (to.getTime() <= from.getTime()) {
        throw fail.validation('The period must end after it starts.', { field: 'to' });
      }
      const figures = await inTenant(request, (tx) =>
        approvalTime(tx, { from, to, programId: request.query.programId }),
      );
      return {
        ...figures,
        from: figures.from.toISOString(),
        to: figures.to.toISOString(),
        definition:
          'Time from a submission (its first version) to its first final decision (approve or ' +
          'reject; asking for changes is not final), for submissions first decided in the ' +
          'period; median and 90th percentile, automatic and human decisions apart.',
      };
    },
  );

  app.get(
    `${BASE}/programs/:id/settings`,
    {
      config: { access: review },
      schema: {
        tags,
        summary: "A program's content settings (SLA, escalation, auto-decision, brand rules)",
        params: IdParams,
        response: { 200: SettingsSchema },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        await getProgram(tx, request.params.id);
        return presentSettings(await contentSettings(tx, request.params.id));
      }),
  );

  app.put(
    `${BASE}/programs/:id/settings`,
    {
      config: { access: 'ambassadors:manage' },
      schema: {
        tags,
        summary: "Change a program's content settings (fields left out keep their value)",
        params: IdParams,
        body: SettingsBody,
        response: { 200: SettingsSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return inTenant(request, async (tx) => {
        await getProgram(tx, request.params.id);
        const before = await contentSettings(tx, request.params.id);
        const after = await saveContentSettings(
          tx,
          request.guild.tenant.id,
          request.params.id,
          request.body,
          actor.userId,
        );
        await recordAudit(tx, request, {
          action: 'content.settings',
          targetType: 'ambassador_program',
          targetId: request.params.id,
          before: { ...before },
          after: { ...after },
        });
        return presentSettings(after);
      });
    },
  );
}

function registerRightsRoutes(app: GuildServer, inTenant: InTenant): void {
  app.get(
    `${BASE}/submissions/:id/rights`,
    {
      config: { access: review },
      schema: {
        tags,
        summary: "An approved submission's usage rights and their recorded uses",
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(RightsSchema) }) },
      },
    },
    async (request) => {
      const rights = await inTenant(request, async (tx) => {
        await loadSubmission(tx, request.params.id);
        return rightsOfSubmission(tx, request.params.id);
      });
      return { items: rights.map(presentRights) };
    },
  );

  app.post(
    `${BASE}/submissions/:id/rights`,
    {
      config: { access: review },
      schema: {
        tags,
        summary: 'Record usage rights for an approved submission or one of its images',
        params: IdParams,
        body: Type.Object(
          {
            uploadId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
            channels: Type.Array(StringEnum(RIGHTS_CHANNELS), { minItems: 1, maxItems: 11 }),
            startsAt: DateTime,
            endsAt: DateTime,
            paidUse: Type.Boolean(),
            feeNote: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
          },
          { additionalProperties: false },
        ),
        response: { 201: RightsSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const rights = await inTenant(request, async (tx) => {
        const granted = await grantRights(
          tx,
          request.guild.tenant.id,
          actor.userId,
          request.params.id,
          {
            ...request.body,
            startsAt: new Date(request.body.startsAt),
            endsAt: new Date(request.body.endsAt),
          },
        );
        await recordAudit(tx, request, {
          action: 'content.rights_grant',
          targetType: 'content_rights',
          targetId: granted.id,
          before: null,
          after: presentRights(granted),
        });
        return granted;
      });
      return reply.code(201).send(presentRights(rights));
    },
  );

  app.post(
    `${BASE}/rights/:id/uses`,
    {
      config: { access: review },
      schema: {
        tags,
        summary: 'Record a use of an asset; 409 rights_use_refused outside its rights',
        params: IdParams,
        body: Type.Object(
          {
            channel: Type.String({ minLength: 1, maxLength: 40 }),
            paid: Type.Boolean(),
            usedOn: Type.String({ format: 'date' }),
          },
          { additionalProperties: false },
        ),
        response: { 201: RightsSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const rights = await inTenant(request, async (tx) => {
        await getRights(tx, request.params.id);
        const after = await recordUse(
          tx,
          request.guild.tenant.id,
          actor.userId,
          request.params.id,
          request.body,
        );
        await recordAudit(tx, request, {
          action: 'content.rights_use',
          targetType: 'content_rights',
          targetId: after.id,
          details: { ...request.body },
        });
        return after;
      });
      return reply.code(201).send(presentRights(rights));
    },
  );
}

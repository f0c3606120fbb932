/**
 * The contracts API under /api/v1/ambassadors. Managers (`contracts:manage`): a program's
 * contract templates (write, check, publish, retire), and contracts (list, offer, end).
 * Ambassadors (signed in, their own only): their contracts, each with its full text, and
 * signing one. docs/CONTRACTS.md.
 */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { actorIdOf as actorId } from '../../core/http/request-context.js';
import { getProgram } from '../../ambassadors/programs.service.js';
import { recordAudit } from '../../core/audit/audit.js';
import type { Database, Orm } from '../../core/db/database.js';
import { PageOf, PageQuery } from '../../core/http/pagination.js';
import { IdParams, Nullable, StringEnum } from '../../core/http/schemas.js';
import type { GuildServer } from '../../core/http/server.js';
import { CLAUSE_IDS, checkTemplate } from './clauses.js';
import {
  CONTRACT_STATUSES,
  endContract,
  getContract,
  listContracts,
  offerContract,
  signContract,
  type ContractWithText,
} from './contracts.service.js';
import {
  MAX_BODY,
  TEMPLATE_STATUSES,
  createTemplate,
  getTemplate,
  listTemplates,
  publishTemplate,
  retireTemplate,
  updateTemplate,
  type Template,
} from './templates.service.js';

const BASE = '/api/v1/ambassadors';
const tags = ['contracts'];
const manage = 'contracts:manage' as const;
const DateTime = Type.String({ format: 'date-time' });

const Problem = Type.Object({
  clause: StringEnum(CLAUSE_IDS),
  severity: StringEnum(['B', 'W']),
  problem: Type.String(),
});
const CheckSchema = Type.Object({
  publishable: Type.Boolean(),
  missing: Type.Array(Problem),
  warnings: Type.Array(Problem),
  clauses: Type.Array(
    Type.Object({
      clause: StringEnum(CLAUSE_IDS),
      severity: StringEnum(['B', 'W']),
      title: Type.String(),
      present: Type.Boolean(),
    }),
  ),
});
const TemplateSchema = Type.Object({
  id: Type.String(),
  programId: Type.String(),
  status: StringEnum(TEMPLATE_STATUSES),
  version: Type.Integer(),
  title: Type.String(),
  body: Type.String(),
  sha256: Type.String(),
  markets: Type.Array(Type.String()),
  allMarkets: Type.Boolean(),
  createdAt: DateTime,
  updatedAt: DateTime,
  versionCreatedAt: DateTime,
  publishedAt: Nullable(DateTime),
  retiredAt: Nullable(DateTime),
});
const TemplateFields = {
  body: Type.String({ minLength: 1, maxLength: MAX_BODY }),
  markets: Type.Array(Type.String({ minLength: 1, maxLength: 8 }), {
    maxItems: 50,
    uniqueItems: true,
  }),
  allMarkets: Type.Boolean(),
  title: Type.String({ minLength: 3, maxLength: 200 }),
};
const CreateTemplate = Type.Object(
  {
    title: TemplateFields.title,
    body: TemplateFields.body,
    markets: Type.Optional(TemplateFields.markets),
    allMarkets: Type.Optional(TemplateFields.allMarkets),
  },
  { additionalProperties: false },
);
const UpdateTemplate = Type.Partial(CreateTemplate, { additionalProperties: false });

const ContractSchema = Type.Object({
  id: Type.String(),
  programId: Type.String(),
  ambassadorId: Type.String(),
  userId: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  templateId: Type.String(),
  version: Type.Integer(),
  title: Type.String(),
  markets: Type.Array(Type.String()),
  allMarkets: Type.Boolean(),
  sha256: Type.String(),
  status: StringEnum(CONTRACT_STATUSES),
  startsAt: DateTime,
  endsAt: DateTime,
  offeredBy: Nullable(Type.String()),
  offeredAt: DateTime,
  signedBy: Nullable(Type.String()),
  signedAt: Nullable(DateTime),
  signedVersion: Nullable(Type.Integer()),
  signedSha256: Nullable(Type.String()),
  signedIp: Nullable(Type.String()),
  signedUserAgent: Nullable(Type.String()),
  endedAt: Nullable(DateTime),
  endReason: Nullable(Type.String()),
});
const ContractWithTextSchema = Type.Object({
  ...ContractSchema.properties,
  body: Type.String(),
});

const iso = (value: Date | null) => (value === null ? null : value.toISOString());

const presentTemplate = (t: Template) => ({
  id: t.id,
  programId: t.programId,
  status: t.status,
  version: t.current.version,
  title: t.current.title,
  body: t.current.body,
  sha256: t.current.sha256,
  markets: t.current.markets,
  allMarkets: t.current.allMarkets,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
  versionCreatedAt: t.current.createdAt.toISOString(),
  publishedAt: iso(t.publishedAt),
  retiredAt: iso(t.retiredAt),
});
/** What the audit log keeps of a template: everything but the body, which has its hash. */
const auditedTemplate = (t: Template) =>
  Object.fromEntries(Object.entries(presentTemplate(t)).filter(([key]) => key !== 'body'));
const presentContract = (c: ContractWithText) => ({
  id: c.id,
  programId: c.programId,
  ambassadorId: c.ambassadorId,
  userId: c.userId,
  username: c.username,
  displayName: c.displayName,
  templateId: c.templateId,
  version: c.version,
  title: c.title,
  markets: c.markets,
  allMarkets: c.allMarkets,
  sha256: c.sha256,
  status: c.status,
  startsAt: c.startsAt.toISOString(),
  endsAt: c.endsAt.toISOString(),
  offeredBy: c.offeredBy,
  offeredAt: c.offeredAt.toISOString(),
  signedBy: c.signedBy,
  signedAt: iso(c.signedAt),
  signedVersion: c.signedVersion,
  signedSha256: c.signedSha256,
  signedIp: c.signedIp,
  signedUserAgent: c.signedUserAgent,
  endedAt: iso(c.endedAt),
  endReason: c.endReason,
});
const presentContractWithText = (c: ContractWithText) => ({ ...presentContract(c), body: c.body });

export interface ContractRouteDeps {
  app: GuildServer;
  db: Database;
}

export function registerContractRoutes(deps: ContractRouteDeps): void {
  registerTemplateRoutes(deps);
  registerManagerContractRoutes(deps);
  registerOwnContractRoutes(deps);
}

function registerTemplateRoutes({ app, db }: ContractRouteDeps): void {
  const inTenant = <T>(request: FastifyRequest, work: (tx: Orm) => Promise<T>) =>
    db.tenant(request.guild.tenant.id, work);

  app.get(
    `${BASE}/programs/:id/contract-templates`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'A program’s contract templates, newest first, optionally in one status',
        params: IdParams,
        querystring: Type.Object({
          ...PageQuery.properties,
          status: Type.Optional(StringEnum(TEMPLATE_STATUSES)),
        }),
        response: { 200: PageOf(TemplateSchema) },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        await getProgram(tx, request.params.id);
        const page = await listTemplates(tx, request.params.id, {
          status: request.query.status,
          limit: request.query.limit ?? 20,
          cursor: request.query.cursor,
        });
        return { items: page.items.map(presentTemplate), nextCursor: page.nextCursor };
      }),
  );

  app.post(
    `${BASE}/programs/:id/contract-templates`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Write a contract template (a draft)',
        params: IdParams,
        body: CreateTemplate,
        response: { 201: TemplateSchema },
      },
    },
    async (request, reply) => {
      const tenantId = request.guild.tenant.id;
      const template = await inTenant(request, async (tx) => {
        await getProgram(tx, request.params.id);
        const created = await createTemplate(
          tx,
          tenantId,
          request.params.id,
          request.body,
          actorId(request),
        );
        await recordAudit(tx, request, {
          action: 'contracts.template_create',
          targetType: 'contract_template',
          targetId: created.id,
          details: { before: null, after: auditedTemplate(created) },
        });
        return created;
      });
      return reply.code(201).send(presentTemplate(template));
    },
  );

  app.get(
    `${BASE}/contract-templates/:id`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'One contract template, its current version and its clause check',
        params: IdParams,
        response: { 200: Type.Object({ ...TemplateSchema.properties, check: CheckSchema }) },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        const template = await getTemplate(tx, request.params.id);
        return { ...presentTemplate(template), check: checkTemplate(template.current.body) };
      }),
  );

  app.patch(
    `${BASE}/contract-templates/:id`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Write the next version (a published template’s must pass the clause check)',
        params: IdParams,
        body: UpdateTemplate,
        response: { 200: TemplateSchema },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        const before = await getTemplate(tx, request.params.id);
        const after = await updateTemplate(
          tx,
          request.guild.tenant.id,
          request.params.id,
          request.body,
          actorId(request),
        );
        await recordAudit(tx, request, {
          action: 'contracts.template_change',
          targetType: 'contract_template',
          targetId: after.id,
          details: { before: auditedTemplate(before), after: auditedTemplate(after) },
        });
        return presentTemplate(after);
      }),
  );

  app.post(
    `${BASE}/contract-templates/check`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Check a template text against the required clauses (CON-01..10), unsaved',
        body: Type.Object({ body: TemplateFields.body }, { additionalProperties: false }),
        response: { 200: CheckSchema },
      },
    },
    (request) => Promise.resolve(checkTemplate(request.body.body)),
  );

  app.post(
    `${BASE}/contract-templates/:id/check`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Check a template’s current version against the required clauses',
        params: IdParams,
        response: { 200: CheckSchema },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        const template = await getTemplate(tx, request.params.id);
        return checkTemplate(template.current.body);
      }),
  );

  app.post(
    `${BASE}/contract-templates/:id/publish`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Publish a draft (refused while a B clause is missing or weak; W ones warn)',
        params: IdParams,
        response: {
          200: Type.Object({ template: TemplateSchema, warnings: Type.Array(Problem) }),
        },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        const before = await getTemplate(tx, request.params.id);
        const { template, check } = await publishTemplate(tx, request.params.id);
        await recordAudit(tx, request, {
          action: 'contracts.template_publish',
          targetType: 'contract_template',
          targetId: template.id,
          details: {
            before: auditedTemplate(before),
            after: auditedTemplate(template),
            warnings: check.warnings,
          },
        });
        return { template: presentTemplate(template), warnings: check.warnings };
      }),
  );

  app.post(
    `${BASE}/contract-templates/:id/retire`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Retire a template: no new offers or signatures; signed contracts run on',
        params: IdParams,
        response: { 200: TemplateSchema },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        const before = await getTemplate(tx, request.params.id);
        const after = await retireTemplate(tx, request.params.id);
        await recordAudit(tx, request, {
          action: 'contracts.template_retire',
          targetType: 'contract_template',
          targetId: after.id,
          details: { before: auditedTemplate(before), after: auditedTemplate(after) },
        });
        return presentTemplate(after);
      }),
  );
}

function registerManagerContractRoutes({ app, db }: ContractRouteDeps): void {
  const inTenant = <T>(request: FastifyRequest, work: (tx: Orm) => Promise<T>) =>
    db.tenant(request.guild.tenant.id, work);

  app.get(
    `${BASE}/contracts`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Contracts, newest offer first, by program, member, template, status or end',
        querystring: Type.Object({
          ...PageQuery.properties,
          programId: Type.Optional(Type.String({ format: 'uuid' })),
          userId: Type.Optional(Type.String({ format: 'uuid' })),
          ambassadorId: Type.Optional(Type.String({ format: 'uuid' })),
          templateId: Type.Optional(Type.String({ format: 'uuid' })),
          status: Type.Optional(StringEnum(CONTRACT_STATUSES)),
          endsBefore: Type.Optional(DateTime),
        }),
        response: { 200: PageOf(ContractSchema) },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        const { limit, cursor, endsBefore, ...filters } = request.query;
        const page = await listContracts(
          tx,
          { ...filters, ...(endsBefore ? { endsBefore: new Date(endsBefore) } : {}) },
          { limit: limit ?? 20, cursor },
        );
        return { items: page.items.map(presentContract), nextCursor: page.nextCursor };
      }),
  );

  app.get(
    `${BASE}/contracts/:id`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'One contract with the full text of its version',
        params: IdParams,
        response: { 200: ContractWithTextSchema },
      },
    },
    async (request) =>
      inTenant(request, async (tx) =>
        presentContractWithText(await getContract(tx, request.params.id)),
      ),
  );

  app.post(
    `${BASE}/contracts`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'Offer a published template’s current version to an ambassador, for a term',
        body: Type.Object(
          {
            templateId: Type.String({ format: 'uuid' }),
            ambassadorId: Type.String({ format: 'uuid' }),
            startsAt: DateTime,
            endsAt: DateTime,
          },
          { additionalProperties: false },
        ),
        response: { 201: ContractSchema },
      },
    },
    async (request, reply) => {
      const contract = await inTenant(request, async (tx) => {
        const offered = await offerContract(tx, request.guild.tenant.id, {
          templateId: request.body.templateId,
          ambassadorId: request.body.ambassadorId,
          startsAt: new Date(request.body.startsAt),
          endsAt: new Date(request.body.endsAt),
          managerId: actorId(request),
        });
        await recordAudit(tx, request, {
          action: 'contracts.offer',
          targetType: 'ambassador_contract',
          targetId: offered.id,
          details: { before: null, after: presentContract(offered) },
        });
        return offered;
      });
      return reply.code(201).send(presentContract(contract));
    },
  );

  app.post(
    `${BASE}/contracts/:id/terminate`,
    {
      config: { access: manage },
      schema: {
        tags,
        summary: 'End a contract with a reason: an offer is withdrawn, a signed one terminated',
        params: IdParams,
        body: Type.Object(
          { reason: Type.String({ minLength: 1, maxLength: 500 }) },
          { additionalProperties: false },
        ),
        response: { 200: ContractSchema },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        const { before, after } = await endContract(tx, {
          contractId: request.params.id,
          reason: request.body.reason,
          managerId: actorId(request),
        });
        await recordAudit(tx, request, {
          action: after.status === 'withdrawn' ? 'contracts.withdraw' : 'contracts.terminate',
          targetType: 'ambassador_contract',
          targetId: after.id,
          details: { before: presentContract(before), after: presentContract(after) },
        });
        return presentContract(after);
      }),
  );
}

function registerOwnContractRoutes({ app, db }: ContractRouteDeps): void {
  const inTenant = <T>(request: FastifyRequest, work: (tx: Orm) => Promise<T>) =>
    db.tenant(request.guild.tenant.id, work);

  app.get(
    `${BASE}/me/contracts`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Your contracts, newest offer first',
        querystring: Type.Object({
          ...PageQuery.properties,
          status: Type.Optional(StringEnum(CONTRACT_STATUSES)),
        }),
        response: { 200: PageOf(ContractSchema) },
      },
    },
    async (request) => {
      const userId = actorId(request);
      const page = await inTenant(request, (tx) =>
        listContracts(
          tx,
          { userId, status: request.query.status },
          { limit: request.query.limit ?? 20, cursor: request.query.cursor },
        ),
      );
      return { items: page.items.map(presentContract), nextCursor: page.nextCursor };
    },
  );

  app.get(
    `${BASE}/me/contracts/:id`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'One of your contracts, with its full text',
        params: IdParams,
        response: { 200: ContractWithTextSchema },
      },
    },
    async (request) => {
      const userId = actorId(request);
      return presentContractWithText(
        await inTenant(request, (tx) => getContract(tx, request.params.id, userId)),
      );
    },
  );

  app.post(
    `${BASE}/me/contracts/:id/sign`,
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Sign a contract offered to you (click-through; the text’s hash is kept)',
        params: IdParams,
        response: { 200: ContractWithTextSchema },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        const signed = await signContract(tx, {
          contractId: request.params.id,
          userId: actorId(request),
          ip: request.ip ?? null,
          userAgent: request.headers['user-agent'] ?? null,
        });
        await recordAudit(tx, request, {
          action: 'contracts.sign',
          targetType: 'ambassador_contract',
          targetId: signed.id,
          details: {
            before: { status: 'offered' },
            after: {
              status: signed.status,
              version: signed.signedVersion,
              sha256: signed.signedSha256,
            },
          },
        });
        return presentContractWithText(signed);
      }),
  );
}

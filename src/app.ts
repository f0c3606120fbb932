/**
 * Guild's composition root: opens the database, applies migrations, and assembles the HTTP
 * server from the core plumbing and each domain's routes. The CLI and the tests both start
 * Guild through `startGuild`.
 */
import type { GuildConfig } from './core/config/config.js';
import { openDatabase, type Database } from './core/db/database.js';
import { migrate } from './core/db/migrate.js';
import { openReads } from './core/db/replica.js';
import { createLogger, type GuildLogger } from './core/logging/logger.js';
import { createServer, type GuildServer } from './core/http/server.js';
import { openCluster } from './core/cluster/cluster.js';
import { JobRunner } from './core/jobs/jobs.js';
import { installAuth } from './accounts/auth.plugin.js';
import { registerAccountRoutes } from './accounts/accounts.routes.js';
import { DeliverEmailsTask, mailTransport, type MailTransport } from './accounts/email-delivery.js';
import { registerCommunityRoutes } from './community/community.routes.js';
import { createModeration, type Moderation } from './moderation/moderation.js';
import { registerModerationRoutes } from './moderation/moderation.routes.js';
import { registerIdentityRoutes } from './integrations/identity/identity.routes.js';
import { registerInboundRoutes } from './integrations/inbound/inbound.routes.js';
import { registerImportRoutes } from './integrations/imports/imports.routes.js';
import { registerOutboundRoutes } from './integrations/outbound/outbound.routes.js';
import { TenantDirectory } from './tenancy/tenancy.service.js';
import { registerWebApp } from './web/web.plugin.js';
import { registerGamificationRoutes } from './gamification/gamification.routes.js';
import { registerAmbassadors } from './ambassadors/ambassadors.js';
import { registerPrivacyRoutes } from './privacy/privacy.routes.js';
import { registerPrivacyRequests } from './privacy/requests/requests.js';
import { registerRetention } from './privacy/retention/retention.routes.js';
import { registerCompliance } from './compliance/compliance.js';
import { registerAuditRoutes } from './core/audit/audit.routes.js';
import { registerAnalytics } from './analytics/analytics.js';

export interface Guild {
  readonly config: GuildConfig;
  readonly db: Database;
  readonly server: GuildServer;
  readonly logger: GuildLogger;
  readonly jobs: JobRunner;
  readonly moderation: Moderation;
  /** Stops accepting requests, lets in-flight ones finish, then closes the database. */
  stop(): Promise<void>;
}

export interface BuildOptions {
  logger?: GuildLogger;
  db?: Database;
}

/** Builds Guild (migrated, routes registered) without listening. */
export async function buildGuild(config: GuildConfig, options: BuildOptions = {}): Promise<Guild> {
  const logger = options.logger ?? createLogger(config.log.level, config.log.pretty);
  const db = options.db ?? openDatabase(config.database);
  const result = await migrate(db);
  if (result.applied.length > 0) {
    logger.info({ category: 'db', applied: result.applied }, 'migrations applied');
  }

  const cluster = await openCluster(config, db, logger);
  const reads = openReads(
    db,
    config.database.reportsUrl,
    Math.max(2, Math.ceil(config.database.poolSize / 2)),
    logger,
  );
  const server = await createServer({
    config,
    db,
    logger,
    rateLimits: cluster.rateLimits,
    rateLimitKey: (request) => {
      const actor = request.guild?.actor;
      return actor ? `member:${actor.userId}` : `ip:${request.ip}`;
    },
  });
  const jobs = new JobRunner(db, logger, { work: config.jobs.work });
  const transport = mailTransport(config.mail, logger);
  const mail = mailQueue(jobs, transport, logger);

  installAuth(server, { config, db, tenants: new TenantDirectory(db) });
  const moderation = createModeration(config, logger);
  registerAccountRoutes(server, db, config, mail, moderation.gate);
  registerCommunityRoutes(server, db, moderation.gate, config.newMembers);
  registerModerationRoutes(server, db, moderation);
  const outbound = registerOutboundRoutes(server, db, config, jobs);
  registerImportRoutes(server, db, config, jobs, (tenantId, eventIds) => {
    eventIds.forEach((eventId) => outbound.afterCommit(tenantId, eventId));
  });
  registerIdentityRoutes(server, db, outbound);
  registerInboundRoutes(server, db, config, jobs);
  registerGamificationRoutes({ app: server, db, config, jobs, logger, outbound });
  const ambassadors = registerAmbassadors({ app: server, db, config, jobs, logger, mail });
  registerPrivacyRoutes(server, db, [ambassadors.onConsentWithdrawn]);
  registerPrivacyRequests({ app: server, db, config, jobs, logger, mail, outbound });
  registerRetention({ app: server, db, config, logger, mail });
  registerCompliance({ app: server, db, config, jobs, logger, mail, gate: moderation.gate });
  registerAuditRoutes(server, db);
  registerAnalytics({ app: server, db, reads, config, jobs, logger, mail, cluster });
  await registerWebApp(server, config.web.distDir);
  await server.ready();
  await jobs.start();

  let stopped = false;
  return {
    config,
    db,
    server,
    logger,
    jobs,
    moderation,
    stop: async () => {
      if (stopped) {
        return;
      }
      stopped = true;
      await server.close();
      await jobs.stop();
      await cluster.close();
      await reads.close();
      transport?.close?.();
      await db.close();
    },
  };
}

/**
 * What routes call once their transaction has written mail: a delivery job for the tenant.
 * With no transport, mail simply stays in the outbox.
 */
function mailQueue(jobs: JobRunner, transport: MailTransport | null, logger: GuildLogger) {
  if (!transport) {
    return { written: () => undefined };
  }
  const task = new DeliverEmailsTask(transport);
  jobs.register(task);
  return {
    written: (tenantId: string) => {
      jobs.send(task, { tenantId }).catch((error: unknown) => {
        logger.error({ category: 'job', err: error }, 'could not queue e-mail delivery');
      });
    },
  };
}

/** Builds Guild and listens on the configured address; returns the bound URL. */
export async function startGuild(
  config: GuildConfig,
  options: BuildOptions = {},
): Promise<Guild & { url: string }> {
  const guild = await buildGuild(config, options);
  const url = await guild.server.listen({ host: config.http.host, port: config.http.port });
  return { ...guild, url };
}

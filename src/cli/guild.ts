/**
 * The `guild` command: start the server, apply migrations, create the demo community, and
 * manage tenants and users from a shell.
 */
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig, type GuildConfig } from '../core/config/config.js';
import { DatabaseInUseError, openDatabase, type Database } from '../core/db/database.js';
import { uniqueViolation } from '../core/db/db-errors.js';
import { migrate } from '../core/db/migrate.js';
import { createLogger } from '../core/logging/logger.js';
import { ROLES, type Role } from '../core/http/access.js';
import { GuildError } from '../core/errors/errors.js';
import { startGuild } from '../app.js';
import { createAccount } from '../accounts/accounts.service.js';
import { countTenants, createTenant } from '../tenancy/tenancy.service.js';
import { seedDemo, type DemoSummary } from '../demo/demo-seed.js';
import { DEMO_SIGN_INS } from '../demo/demo-content.js';
import { registerImportCommand } from './import-command.js';
import { registerModerationCommand } from './moderation-command.js';
import { registerPointsCommand } from './points-command.js';
import { registerAuditCommand } from './audit-command.js';
import { registerReportCommand } from './report-command.js';
import { registerBackupCommand } from './backup-command.js';
import { runDemoReal } from './demo-real-command.js';

function config(): GuildConfig {
  return loadConfig();
}

/** The demo accounts as an aligned table. */
function printSignInList(signIns: DemoSummary['signIns']): void {
  const width = Math.max(...signIns.map((signIn) => signIn.email.length));
  for (const signIn of signIns) {
    console.log(`  ${signIn.role.padEnd(11)} ${signIn.email.padEnd(width)}  ${signIn.password}`);
  }
}

function printSignIns(url: string, demo: DemoSummary | null): void {
  console.log(`\nGuild is running at ${url}`);
  console.log(`API docs: ${url}/docs`);
  if (demo) {
    console.log(
      `\nDemo community "${demo.tenantSlug}": ${demo.members} members, ` +
        `${demo.posts} posts, ${demo.comments} comments. Sign in (email, password):`,
    );
    printSignInList(demo.signIns);
  }
  console.log('\nStop with Ctrl+C.');
}

async function start(options: { demo: boolean }): Promise<void> {
  const cfg = config();
  const logger = createLogger(cfg.log.level, cfg.log.pretty);
  const db = openDatabase(cfg.database);
  await migrate(db);

  let demo: DemoSummary | null = null;
  if (options.demo && cfg.demo.mode === 'auto' && (await countTenants(db)) === 0) {
    const began = Date.now();
    demo = await seedDemo(db);
    logger.info({ category: 'demo', ms: Date.now() - began }, 'demo community created');
  }

  const guild = await startGuild(cfg, { db, logger });
  const shown = guild.url.replace('127.0.0.1', 'localhost');
  printSignIns(shown, demo ?? (await existingDemo(db)));

  const stop = (signal: string) => {
    logger.info({ category: 'app', signal }, 'shutting down');
    guild.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** On later starts the demo is already there: show its sign-ins again. */
async function existingDemo(db: Database): Promise<DemoSummary | null> {
  const [row] = await db.query<{ slug: string; members: number; posts: number; comments: number }>(
    `SELECT t.slug,
            (SELECT count(*)::int FROM users u WHERE u.tenant_id = t.id) AS members,
            (SELECT count(*)::int FROM posts p WHERE p.tenant_id = t.id) AS posts,
            (SELECT count(*)::int FROM comments c WHERE c.tenant_id = t.id) AS comments
       FROM tenants t WHERE t.is_demo LIMIT 1`,
  );
  return row
    ? {
        tenantSlug: row.slug,
        members: row.members,
        spaces: 0,
        posts: row.posts,
        comments: row.comments,
        signIns: DEMO_SIGN_INS,
      }
    : null;
}

function role(value: string): Role {
  if (!(ROLES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`Role must be one of ${ROLES.join(', ')}.`);
  }
  return value as Role;
}

async function withDatabase<T>(work: (db: ReturnType<typeof openDatabase>) => Promise<T>) {
  const db = openDatabase(config().database);
  try {
    await migrate(db);
    return await work(db);
  } finally {
    await db.close();
  }
}

/** Builds the command tree (exported for tests of the help texts). */
export function buildCli(): Command {
  const program = new Command('guild')
    .description("Guild: a retailer's customer community and ambassador program")
    .showHelpAfterError();

  program
    .command('start')
    .description('Apply migrations and start the server (creates the demo in an empty database)')
    .option('--no-demo', 'never create the demo community')
    .action(start);

  program
    .command('migrate')
    .description('Apply pending database migrations and exit')
    .action(async () => {
      const result = await withDatabase((db) => migrate(db));
      console.log(
        result.applied.length > 0
          ? `Applied: ${result.applied.join(', ')}`
          : `Up to date (${result.alreadyApplied} migrations).`,
      );
    });

  program
    .command('demo')
    .description('Create the demo retail community (refused when it exists already)')
    .option('--members <n>', 'members to create', (v) => Number.parseInt(v, 10), 3000)
    .option('--posts <n>', 'posts to create', (v) => Number.parseInt(v, 10), 1200)
    .option('--real [folder]', 'build "uk-gifts-real" from the real data sets in <folder>')
    .action(
      async (opts: { members: number; posts: number; real?: string | true }, command: Command) => {
        if (opts.real !== undefined) {
          const given = (name: string) => command.getOptionValueSource(name) === 'cli';
          await runDemoReal(config(), withDatabase, opts.real, {
            ...(given('members') ? { members: opts.members } : {}),
            ...(given('posts') ? { posts: opts.posts } : {}),
          });
          return;
        }
        const demo = await withDatabase((db) =>
          seedDemo(db, { members: opts.members, posts: opts.posts }),
        );
        console.log(`Created "${demo.tenantSlug}": ${demo.members} members, ${demo.posts} posts.`);
        printSignInList(demo.signIns);
      },
    );

  const tenant = program.command('tenant').description('Manage tenants (brands)');
  tenant
    .command('create')
    .description('Create a tenant')
    .requiredOption('--slug <slug>', 'address name, e.g. northwind')
    .requiredOption('--name <name>', 'display name')
    .option('--locale <locale>', 'default locale', 'en-GB')
    .option('--timezone <zone>', 'time zone of its days and periods, e.g. Europe/London', 'UTC')
    .action(async (opts: { slug: string; name: string; locale: string; timezone: string }) => {
      const id = await withDatabase((db) =>
        createTenant(db, {
          slug: opts.slug,
          name: opts.name,
          defaultLocale: opts.locale,
          timezone: opts.timezone,
          regions: [],
          segments: [],
        }),
      );
      console.log(`Created tenant ${opts.slug} (${id}).`);
    });

  registerImportCommand(program);
  registerModerationCommand(program);
  registerPointsCommand(program);
  registerAuditCommand(program);
  registerReportCommand(program);
  registerBackupCommand(program);

  const user = program.command('user').description('Manage accounts');
  user
    .command('create')
    .description('Create an account, its e-mail counted as verified (password: GUILD_NEW_PASSWORD)')
    .requiredOption('--tenant <slug>', 'tenant slug')
    .requiredOption('--email <email>', 'email address')
    .requiredOption('--username <name>', 'username')
    .option('--display-name <name>', 'display name (defaults to the username)')
    .option('--role <role>', `one of ${ROLES.join(', ')}`, role, 'member' as Role)
    .action(
      async (opts: {
        tenant: string;
        email: string;
        username: string;
        displayName?: string;
        role: Role;
      }) => {
        const password = process.env.GUILD_NEW_PASSWORD;
        if (!password) {
          throw new InvalidArgumentError("Set GUILD_NEW_PASSWORD to the new account's password.");
        }
        const id = await withDatabase(async (db) => {
          const [row] = await db.query<{ id: string }>('SELECT id FROM tenants WHERE slug = $1', [
            opts.tenant,
          ]);
          if (!row) {
            throw new InvalidArgumentError(`No tenant "${opts.tenant}".`);
          }
          // An operator vouches for the address, so it counts as verified.
          return db.tenant(row.id, (tx) =>
            createAccount(
              tx,
              row.id,
              {
                email: opts.email,
                username: opts.username,
                password,
                role: opts.role,
                displayName: opts.displayName ?? opts.username,
              },
              { emailVerified: true },
            ),
          );
        });
        console.log(`Created ${opts.role} ${opts.username} (${id}).`);
      },
    );

  return program;
}

/** A one-line explanation of a failure for the terminal. */
function explain(error: unknown): string {
  if (
    error instanceof ConfigError ||
    error instanceof GuildError ||
    error instanceof InvalidArgumentError ||
    error instanceof DatabaseInUseError
  ) {
    return error.message;
  }
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE') {
    return 'The port is already in use: stop what uses it or set GUILD_PORT to another port.';
  }
  if (code === 'ENOTFOUND' || code === 'EADDRNOTAVAIL') {
    return 'GUILD_HOST is not an address of this machine.';
  }
  if (uniqueViolation(error) !== null) {
    return 'That already exists (a slug, email or username must be unique).';
  }
  const cause = (error as { cause?: unknown } | null)?.cause;
  const message =
    cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? 'Guild failed.';
}

/**
 * Runs the CLI. Failures print one line (exit code 2 for bad input, 1 otherwise); set
 * GUILD_DEBUG=true to see the stack as well.
 */
export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    console.error(`guild: ${explain(error)}`);
    if (process.env.GUILD_DEBUG === 'true') {
      console.error(error);
    }
    const badInput =
      error instanceof ConfigError ||
      error instanceof GuildError ||
      error instanceof InvalidArgumentError;
    // Exit at once: a failed start may leave a database or queue handle open.
    process.exit(badInput ? 2 : 1);
  }
}

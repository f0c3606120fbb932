/**
 * A PostgreSQL cluster of a test's own, for what the shared server must not suffer: restarts,
 * outages, a standby replaying the primary. initdb into a temporary directory, run as the
 * `postgres` OS user (initdb refuses root), listening on 127.0.0.1 and a free port only; stopped
 * and removed by `remove()`.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './guild-process.js';

export const POSTGRES_BIN = '/usr/lib/postgresql/15/bin';

/** Why a private cluster cannot run here, or null when it can (besides a server pass). */
export function privateClusterUnavailable(): string | null {
  if (!existsSync(`${POSTGRES_BIN}/initdb`)) {
    return `needs the PostgreSQL 15 binaries in ${POSTGRES_BIN}`;
  }
  if (process.getuid?.() !== 0) {
    return 'needs root, to run the private cluster as the postgres user';
  }
  return null;
}

function asPostgres(command: string, args: string[], timeout = 60_000): void {
  execFileSync('runuser', ['-u', 'postgres', '--', `${POSTGRES_BIN}/${command}`, ...args], {
    stdio: 'ignore',
    timeout,
  });
}

export class PrivateCluster {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'guild-test-pg-'));
  port = 0;

  get data(): string {
    return path.join(this.dir, 'data');
  }

  /** The URL of `database` on this cluster. */
  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** A new cluster, started. */
  static async create(): Promise<PrivateCluster> {
    const cluster = new PrivateCluster();
    cluster.own();
    asPostgres('initdb', ['-D', cluster.data, '-U', 'postgres', '-A', 'trust'], 120_000);
    cluster.port = await freePort();
    cluster.start();
    return cluster;
  }

  /** A hot standby streaming from `primary`, started. */
  static async standbyOf(primary: PrivateCluster): Promise<PrivateCluster> {
    const standby = new PrivateCluster();
    standby.own();
    asPostgres(
      'pg_basebackup',
      ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', standby.data, '-R'],
      120_000,
    );
    standby.port = await freePort();
    standby.start();
    return standby;
  }

  createDatabase(name: string): void {
    asPostgres('psql', [
      '-h',
      '127.0.0.1',
      '-p',
      String(this.port),
      '-U',
      'postgres',
      '-c',
      `CREATE DATABASE ${name}`,
    ]);
  }

  start(): void {
    this.pgCtl('-o', this.options(), '-l', path.join(this.dir, 'log'), '-w', 'start');
  }

  restart(): void {
    this.pgCtl('-o', this.options(), '-m', 'fast', '-w', 'restart');
  }

  stop(mode: 'fast' | 'immediate' = 'fast'): void {
    this.pgCtl('-m', mode, '-w', 'stop');
  }

  remove(): void {
    try {
      if (existsSync(path.join(this.data, 'postmaster.pid'))) {
        this.stop('immediate');
      }
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  private own(): void {
    chownSync(this.dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), 0);
  }

  private options(): string {
    return `-c listen_addresses=127.0.0.1 -p ${this.port} -k ${this.dir} -c max_connections=60`;
  }

  private pgCtl(...args: string[]): void {
    asPostgres('pg_ctl', ['-D', this.data, ...args]);
  }
}

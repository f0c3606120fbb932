/**
 * The Guild processes under test: each one is `guild start` in a child process of its own
 * (the compiled CLI when `dist/` exists, else the TypeScript entry through tsx), on its own
 * loopback port, all on the benchmark's database. They are ended by their pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const STARTUP_MS = 90_000;
const STOP_MS = 10_000;

export interface GuildProcess {
  name: string;
  url: string;
  pid: number;
  /** Ends the process (SIGTERM, then SIGKILL after 10 s); resolves once it has exited. */
  stop(): Promise<void>;
}

/** How `guild start` is run: the build when there is one, else the sources through tsx. */
export function guildCommand(): { args: string[]; label: string } {
  const built = path.join(ROOT, 'dist', 'cli', 'main.js');
  if (existsSync(built) && process.env.BENCH_FROM !== 'src') {
    // A build can be older than the sources: say when it was made.
    const made = statSync(built).mtime.toISOString().slice(0, 19).replace('T', ' ');
    return {
      args: [path.join(ROOT, 'bin', 'guild.js'), 'start'],
      label: `node bin/guild.js (dist/ built ${made} UTC; BENCH_FROM=src runs the sources)`,
    };
  }
  return {
    args: ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'main.ts'), 'start'],
    label:
      process.env.BENCH_FROM === 'src'
        ? 'node --import tsx src/cli/main.ts'
        : 'node --import tsx src/cli/main.ts (no dist/)',
  };
}

/** A free loopback port (asked of the kernel, then released for the child to take). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') {
          resolve(address.port);
        } else {
          reject(new Error('no port'));
        }
      });
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => resolve());
  });
}

async function waitHealthy(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + STARTUP_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Guild at ${url} exited during start-up:\n${output()}`);
    }
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.status === 200) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Guild at ${url} did not answer /healthz within ${STARTUP_MS / 1000} s`);
}

/**
 * Starts one Guild. `env` is the whole environment of the child (nothing is inherited
 * beyond PATH and HOME, so no setting of the caller's shell can point it elsewhere).
 * Warnings and errors it logs are passed to `log`.
 */
export async function startGuildProcess(
  name: string,
  env: Record<string, string>,
  log: (line: string) => void,
  profileDir: string | null = null,
): Promise<GuildProcess> {
  const port = await freePort();
  const command = guildCommand();
  const profile = profileDir === null ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
  const child = spawn(process.execPath, [...profile, ...command.args, '--no-demo'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? ROOT,
      ...env,
      GUILD_HOST: '127.0.0.1',
      GUILD_PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) {
    throw new Error(`could not start ${name}`);
  }
  const pid = child.pid;
  let tail = '';
  const pass = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    tail = (tail + text).slice(-4000);
    for (const line of text.split('\n')) {
      if (line.trim() !== '') {
        log(`[${name}] ${line.slice(0, 500)}`);
      }
    }
  };
  child.stdout?.on('data', pass);
  child.stderr?.on('data', pass);
  const url = `http://127.0.0.1:${port}`;
  const done = exited(child);
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(pid, 'SIGTERM');
        const timer = setTimeout(() => {
          if (child.exitCode === null && child.signalCode === null) {
            process.kill(pid, 'SIGKILL');
          }
        }, STOP_MS);
        await done;
        clearTimeout(timer);
      }
    })());
  try {
    await waitHealthy(url, child, () => tail);
  } catch (error) {
    await stop();
    throw error;
  }
  return { name, url, pid, stop };
}

/**
 * CPU time (user + system, in seconds) a process has used so far, from /proc on Linux; null
 * elsewhere or once it has gone.
 */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which is in parentheses and may hold spaces).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / 100 : null;
  } catch {
    return null;
  }
}

import { describe, expect, it } from 'vitest';
import { ConfigError, ENVIRONMENT_VARIABLES, loadConfig, usesSecureCookies } from './config.js';

describe('configuration', () => {
  it('runs on embedded PGlite with defaults when nothing is set', () => {
    const config = loadConfig({}, '/srv/guild');
    expect(config.database.url).toBeNull();
    expect(config.database.pgliteDir).toBe('/srv/guild/.guild/pgdata');
    expect(config.http.port).toBe(3000);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('lists every problem at once', () => {
    let caught: unknown;
    try {
      loadConfig({ GUILD_PORT: 'eighty', DATABASE_URL: 'mysql://x', GUILD_LOG_LEVEL: 'loud' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/GUILD_PORT[\s\S]*DATABASE_URL[\s\S]*GUILD_LOG_LEVEL/);
  });

  it('uses Secure __Host- cookies over https and on loopback only', () => {
    expect(usesSecureCookies(loadConfig({ GUILD_PUBLIC_URL: 'https://c.example.com' }))).toBe(true);
    expect(usesSecureCookies(loadConfig({}))).toBe(true);
    expect(usesSecureCookies(loadConfig({ GUILD_PUBLIC_URL: 'http://10.0.0.5:3000' }))).toBe(false);
  });

  it('names every variable it reads in ENVIRONMENT_VARIABLES', () => {
    const source = loadConfig.toString();
    const read = [...source.matchAll(/'((?:GUILD|DATABASE|NODE)_[A-Z_]+)'/g)].map((m) => m[1]);
    const documented = ENVIRONMENT_VARIABLES.map(([name]) => name as string);
    for (const name of read) {
      expect(documented).toContain(name);
    }
  });

  describe('mail', () => {
    it('logs mail from a local sender by default', () => {
      const config = loadConfig({});
      expect(config.mail).toEqual({ transport: 'log', from: 'Guild <no-reply@localhost>' });
    });

    it('sends over SMTP to the configured server and sender', () => {
      const config = loadConfig({
        GUILD_MAIL: 'smtp',
        GUILD_SMTP_URL: 'smtps://mailer:s3cret@smtp.example.com:465',
        GUILD_MAIL_FROM: 'Acme Community <community@acme.example>',
      });
      expect(config.mail).toEqual({
        transport: 'smtp',
        smtpUrl: 'smtps://mailer:s3cret@smtp.example.com:465',
        from: 'Acme Community <community@acme.example>',
      });
      expect(loadConfig({ GUILD_MAIL_FROM: 'bare@acme.example' }).mail.from).toBe(
        'bare@acme.example',
      );
    });

    it('needs GUILD_SMTP_URL for smtp', () => {
      expect(() => loadConfig({ GUILD_MAIL: 'smtp' })).toThrow(/GUILD_SMTP_URL/);
    });

    it('rejects a bad SMTP URL or sender without echoing the password', () => {
      let caught: unknown;
      try {
        loadConfig({
          GUILD_MAIL: 'smtp',
          GUILD_SMTP_URL: 'https://mailer:hunter2@smtp.example.com',
          GUILD_MAIL_FROM: 'nobody',
        });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      const problems = (caught as ConfigError).problems.join('\n');
      expect(problems).toMatch(/GUILD_SMTP_URL must use smtp: or smtps:/);
      expect(problems).toMatch(/GUILD_MAIL_FROM must be an address/);
      expect(problems).not.toContain('hunter2');
      expect(() => loadConfig({ GUILD_SMTP_URL: 'smtp://user:hunter2@' })).toThrow(
        /GUILD_SMTP_URL is not a valid URL/,
      );
      expect(() => loadConfig({ GUILD_MAIL_FROM: 'Guild <no-reply@x>\r\nBcc: a@b' })).toThrow(
        /GUILD_MAIL_FROM/,
      );
    });
  });
});

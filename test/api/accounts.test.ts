import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTenant, startTestGuild, TestClient, type TestGuild } from '../support/harness.js';

let guild: TestGuild;

beforeAll(async () => {
  guild = await startTestGuild();
  await addTenant(guild, 'alpha');
});
afterAll(() => guild.stop());

interface ErrorBody {
  error: { code: string; message: string; requestId: string };
}

describe('sign-up', () => {
  it('refuses a duplicate email and a look-alike username', async () => {
    const client = new TestClient(guild.url);
    const first = await client.post('/api/v1/auth/sign-up', {
      birthDate: '1990-01-01',
      email: 'paul@example.com',
      username: 'paul_m',
      displayName: 'Paul',
      password: 'walnut-sideboard-9',
    });
    expect(first.status).toBe(201);
    const email = await new TestClient(guild.url).post<ErrorBody>('/api/v1/auth/sign-up', {
      birthDate: '1990-01-01',
      email: 'Paul@Example.com',
      username: 'paul_other',
      displayName: 'P',
      password: 'walnut-sideboard-9',
    });
    expect(email.body.error.code).toBe('email_taken');
    const lookalike = await new TestClient(guild.url).post<ErrorBody>('/api/v1/auth/sign-up', {
      birthDate: '1990-01-01',
      email: 'paul2@example.com',
      username: 'p\u0430ul_m',
      displayName: 'P',
      password: 'walnut-sideboard-9',
    });
    expect(lookalike.body.error.code).toBe('username_taken');
  });
});

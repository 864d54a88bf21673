import { describe, expect, it } from 'vitest';
import { findSecretsInLogs } from '../../support/find-secrets-in-logs.ts';

describe('the secret scan of a test run', () => {
  const secret = 'a1b2c3d4e5f6a7b8c9d0';
  const logs = [
    {
      name: 'logger-1.log',
      text: '{"msg":"token refreshed"}\n{"msg":"request","url":"/oauth/strava/callback"}\n',
    },
    { name: 'processes-2.log', text: `ok\n{"msg":"oops","token":"${secret}"}\n` },
    { name: 'logger-3.log', text: `{"auth":"${Buffer.from(secret).toString('base64')}"}` },
  ];

  it('finds a planted secret, as it is and in base64, by file and line, without printing it', () => {
    const report = findSecretsInLogs(logs, [secret, 'never-logged-secret']);
    expect(report.hits).toEqual([
      { file: 'processes-2.log', line: 2, secretHint: 'a1b2…' },
      { file: 'logger-3.log', line: 1, secretHint: 'a1b2…' },
    ]);
    expect(report.lines).toBe(7);
  });

  it('finds nothing in clean logs, and ignores strings too short to be secrets', () => {
    expect(findSecretsInLogs(logs.slice(0, 1), [secret, 'ok']).hits).toEqual([]);
    expect(findSecretsInLogs(logs.slice(1, 2), ['ok']).hits).toEqual([]);
  });
});

import { Client } from 'ssh2';
import { afterAll, describe, expect, it } from 'vitest';
import { startSshd, type TestSshd } from '../../../test-support/sshd-server.ts';

/** Logs in with a password and runs nothing: true when the server accepted it. */
function passwordLogin(sshd: TestSshd): Promise<boolean> {
  const user = sshd.passwordUser!;
  return new Promise((done) => {
    const client = new Client();
    client
      .on('ready', () => {
        client.end();
        done(true);
      })
      .on('error', () => done(false))
      .connect({
        host: sshd.host,
        port: sshd.port,
        username: user.name,
        password: user.password,
        readyTimeout: 60_000,
      });
  });
}

const started: TestSshd[] = [];
afterAll(async () => {
  for (const s of started) await s.stop();
});

describe('test sshd with a password user', () => {
  it('two at once (two suites on one machine) each keep their own user and password', async () => {
    const first = await startSshd({ passwordUser: true });
    started.push(first);
    const second = await startSshd({ passwordUser: true });
    started.push(second);
    expect(first.passwordUser!.name).not.toBe(second.passwordUser!.name);
    // The second start must not have reset the first one's password.
    expect(await passwordLogin(first)).toBe(true);
    expect(await passwordLogin(second)).toBe(true);
    // Nor may stopping one remove the user the other logs in as.
    await second.stop();
    started.pop();
    expect(await passwordLogin(first)).toBe(true);
  }, 120_000);
});

import { describe, expect, it } from 'vitest';
import {
  emptyForm,
  formToProfile,
  profileToForm,
  secretsToSend,
  withEngine,
  type SecretEdit,
} from './profile-form.ts';

const keep: SecretEdit = { kind: 'keep' };

describe('the connection form', () => {
  it('builds a direct profile and reads it back unchanged', () => {
    const form = {
      ...emptyForm(),
      name: 'prod-eu',
      host: 'db.internal',
      port: '6432',
      user: 'reader',
      tls: 'require' as const,
    };
    const result = formToProfile(form);
    expect(result.problems).toBeNull();
    expect(result.profile).toMatchObject({
      name: 'prod-eu',
      transport: 'direct',
      db: { host: 'db.internal', port: 6432, database: 'litellm', user: 'reader', tls: 'require' },
    });
    const summary = {
      profile: result.profile!,
      hasSecret: { dbPassword: false, sshPassphrase: false, sshPassword: false },
      description: '',
    };
    expect(profileToForm(summary)).toEqual(form);
  });

  it('builds SSH and kubectl profiles with only the fields that were filled', () => {
    const ssh = formToProfile({
      ...emptyForm(),
      name: 'via-bastion',
      transport: 'ssh',
      host: '10.0.0.5',
      user: 'reader',
      sshHost: 'bastion',
      sshAuth: 'key',
      sshKeyFile: '~/.ssh/id_ed25519',
    });
    expect(ssh.profile).toMatchObject({
      ssh: { host: 'bastion', auth: { method: 'key', keyFile: '~/.ssh/id_ed25519' } },
    });
    expect((ssh.profile as { ssh: { port?: number } }).ssh.port).toBeUndefined();
    const kube = formToProfile({
      ...emptyForm(),
      name: 'k8s',
      transport: 'exec',
      user: 'postgres',
      execKind: 'kubectl',
      execPod: 'litellm-db-0',
      execNamespace: 'llm',
    });
    expect(kube.profile).toMatchObject({
      exec: { runner: { kind: 'kubectl', pod: 'litellm-db-0', namespace: 'llm' }, database: 'litellm' },
    });
  });

  it('keeps a proxy command, and refuses one beside a jump host on the proxy command field', () => {
    const base = {
      ...emptyForm(),
      name: 'ssm',
      transport: 'ssh' as const,
      host: '10.0.0.5',
      user: 'reader',
      sshHost: 'i-0abc',
    };
    const proxied = formToProfile({ ...base, sshProxyCommand: 'aws ssm start-session --target %h' });
    expect(proxied.profile).toMatchObject({
      ssh: { host: 'i-0abc', proxyCommand: 'aws ssm start-session --target %h' },
    });
    const both = formToProfile({ ...base, sshProxyCommand: 'nc %h %p', sshJump: 'bastion' });
    expect(both.problems).toMatchObject({
      sshProxyCommand: 'set either a jump host or a proxy command, not both',
    });
  });

  it('names the field that is wrong, in the schema’s words', () => {
    const bad = formToProfile({ ...emptyForm(), name: 'has space', host: '', port: '99999', user: 'u' });
    expect(bad.profile).toBeNull();
    expect(bad.problems).toMatchObject({
      name: expect.stringMatching(/letters, digits/),
      host: 'host must not be empty',
      port: expect.any(String),
    });
  });

  it('sends only the secrets the user changed and the transport uses', () => {
    const edits = {
      dbPassword: { kind: 'set', value: 'pw' } as SecretEdit,
      sshPassphrase: { kind: 'clear' } as SecretEdit,
      sshPassword: keep,
    };
    expect(secretsToSend('direct', 'agent', edits)).toEqual({ dbPassword: 'pw' });
    expect(secretsToSend('ssh', 'key', edits)).toEqual({ dbPassword: 'pw', sshPassphrase: null });
    expect(
      secretsToSend('ssh', 'password', { dbPassword: keep, sshPassphrase: keep, sshPassword: keep }),
    ).toEqual({});
  });

  it('builds MySQL and SQLite profiles with their mapping, and reads them back unchanged', () => {
    const summary = (profile: NonNullable<ReturnType<typeof formToProfile>['profile']>) => ({
      profile,
      hasSecret: { dbPassword: false, sshPassphrase: false, sshPassword: false },
      description: '',
    });
    const mysqlForm = {
      ...withEngine({ ...emptyForm(), name: 'router' }, 'mysql'),
      host: 'db',
      database: 'router',
      user: 'ro',
    };
    expect(mysqlForm.port).toBe('3306');
    const mapping = {
      table: 'request_logs',
      columns: { time: 'created_at', model: 'model' },
      success: { kind: 'http' as const, column: 'status_code', min: 200, max: 399 },
    };
    const mysql = formToProfile(mysqlForm, {}, { mapping });
    expect(mysql.profile).toMatchObject({
      transport: 'direct',
      db: { engine: 'mysql', port: 3306 },
      source: { mapping },
    });
    expect(profileToForm(summary(mysql.profile!))).toEqual(mysqlForm);

    // SQLite has no tunnel: choosing it leaves SSH for a local file; the port keeps what was typed.
    const lite = withEngine({ ...emptyForm(), name: 'lite', transport: 'ssh', port: '6543' }, 'sqlite');
    expect(lite).toMatchObject({ transport: 'direct', port: '6543' });
    const file = formToProfile({ ...lite, file: '/srv/router.db' }, {}, { table: 'request_logs' });
    expect(file.profile).toMatchObject({
      transport: 'file',
      file: '/srv/router.db',
      source: { table: 'request_logs' },
    });
    expect(profileToForm(summary(file.profile!))).toMatchObject({
      engine: 'sqlite',
      transport: 'direct',
      file: '/srv/router.db',
    });
    expect(formToProfile({ ...lite, file: ' ' }).problems).toEqual({
      file: 'expected the path of a SQLite file',
    });

    const inPod = formToProfile({
      ...withEngine({ ...emptyForm(), name: 'pod' }, 'sqlite'),
      transport: 'exec',
      execKind: 'kubectl',
      execPod: 'router-0',
      database: 'x',
      user: 'x',
      file: '',
    });
    expect(inPod.problems).toEqual({ file: 'a SQLite source needs the file path inside the container' });
  });
});

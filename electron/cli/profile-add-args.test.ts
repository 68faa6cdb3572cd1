import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.ts';
import { ADD_OPTIONS, profileFromArgs, splitCommand } from './profile-add-args.ts';

const add = (argv: string[]) =>
  profileFromArgs('p', parseArgs({ args: argv, options: ADD_OPTIONS, allowPositionals: true }).values);
const reason = (argv: string[]) => {
  try {
    add(argv);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).message;
  }
  throw new Error('expected a BAD_ARGUMENT');
};

describe('profiles add flags', () => {
  it('builds each transport, inferring it from the flags given', () => {
    expect(add(['--url', 'postgres://app@db:6432/litellm?sslmode=require'])).toMatchObject({
      transport: 'direct',
      db: { host: 'db', port: 6432, database: 'litellm', user: 'app', tls: 'require' },
    });
    expect(
      add([
        '--ssh-host',
        'bastion',
        '--ssh-key',
        '~/.ssh/id',
        '--jump',
        'me@jump:2222',
        '--host',
        'localhost',
        '--database',
        'l',
        '--user',
        'u',
      ]),
    ).toMatchObject({
      transport: 'ssh',
      ssh: {
        host: 'bastion',
        auth: { method: 'key', keyFile: '~/.ssh/id' },
        jump: 'me@jump:2222',
        keepaliveSeconds: 15,
      },
    });
    expect(
      add([
        '--ssh-host',
        'i-0abc',
        '--proxy-command',
        'aws ssm start-session --target %h',
        '--host',
        'localhost',
        '--database',
        'l',
        '--user',
        'u',
      ]),
    ).toMatchObject({ ssh: { host: 'i-0abc', proxyCommand: 'aws ssm start-session --target %h' } });
    expect(
      add([
        '--kubectl',
        'pg-0',
        '--namespace',
        'llm',
        '--database',
        'l',
        '--user',
        'u',
        '--key-alias',
        'a',
        '--since',
        '6h',
      ]),
    ).toMatchObject({
      transport: 'exec',
      exec: { runner: { kind: 'kubectl', pod: 'pg-0', namespace: 'llm' }, database: 'l', user: 'u' },
      defaultFilters: { keyAliases: ['a'], timeRange: { kind: 'relative', last: '6h' } },
    });
    expect(
      add(['--command', `ssh db-box "docker exec" -i 'my pg'`, '--database', 'l', '--user', 'u']).transport,
    ).toBe('exec');
  });

  it('names the flag at fault', () => {
    expect(reason(['--transport', 'ssh', '--host', 'h', '--database', 'd', '--user', 'u'])).toMatch(
      /needs --ssh-host/,
    );
    expect(
      reason([
        '--ssh-host',
        'b',
        '--ssh-key',
        'k',
        '--ssh-agent',
        '--host',
        'h',
        '--database',
        'd',
        '--user',
        'u',
      ]),
    ).toMatch(/choose one SSH login/);
    expect(reason(['--docker', 'a', '--kubectl', 'b', '--database', 'd', '--user', 'u'])).toMatch(
      /exactly one of --docker/,
    );
    expect(reason(['--host', 'h', '--user', 'u'])).toBe('--database: required (expected a string)');
    expect(reason(['--host', 'h', '--port', '70000', '--database', 'd', '--user', 'u'])).toMatch(
      /--port: expected a port/,
    );
    expect(reason(['--url', 'postgres://u:pw@h/d'])).toMatch(/--url: leave the password out/);
    expect(reason(['--transport', 'telnet'])).toMatch(/--transport: expected direct, ssh, exec or file/);
    expect(reason(['--kubectl', 'p', '--database', 'd', '--user', 'u', '--password-via', 'env'])).toMatch(
      /^--password-via: kubectl exec cannot pass environment variables/,
    );
  });

  it('splits a custom prefix without a shell', () => {
    expect(splitCommand(`ssh db-box "docker exec" -i 'my pg'`)).toEqual([
      'ssh',
      'db-box',
      'docker exec',
      '-i',
      'my pg',
    ]);
  });
});

describe('profiles add: a value a client would read as an option (issue #18)', () => {
  const mysql = ['--engine', 'mysql', '--database', 'calls', '--user', 'reader'];
  it.each([
    [
      '--database',
      [
        '--docker',
        'my',
        '--engine',
        'mysql',
        '--user',
        'reader',
        `--database=--database=--init-command=INSERT INTO t VALUES (1)`,
      ],
    ],
    [
      '--user',
      [
        '--docker',
        'my',
        '--engine',
        'mysql',
        '--database',
        'calls',
        '--user=--init-command=INSERT INTO t VALUES (1)',
      ],
    ],
    ['--host', ['--docker', 'my', ...mysql, '--host=--execute=INSERT INTO t VALUES (1)']],
    [
      '--psql',
      ['--docker', 'pg', '--database', 'calls', '--user', 'reader', '--psql=--command=DROP TABLE t'],
    ],
    ['--file', ['--docker', 'app', '--engine', 'sqlite', '--file=-init /tmp/evil.sql']],
    ['--docker', ['--docker=--privileged', ...mysql]],
    ['--podman', ['--podman=--user=root', ...mysql]],
    ['--kubectl', ['--kubectl=--kubeconfig=/tmp/evil', ...mysql]],
    ['--namespace', ['--kubectl', 'db-0', '--namespace=-n=kube-system', ...mysql]],
    ['--container', ['--kubectl', 'db-0', '--container=--as=system:admin', ...mysql]],
    ['--context', ['--kubectl', 'db-0', '--context=--server=http://127.0.0.1:9', ...mysql]],
  ])('%s is refused, naming the flag', (flag, argv) => {
    expect(reason(['--transport', 'exec', ...argv])).toContain(
      `${flag}: must not start with "-" (the client would read it as an option)`,
    );
  });

  it('refuses a line break in a name; a SQLite file in a container needs no database or user', () => {
    expect(reason(['--docker', 'my', '--database', 'calls\nx', '--user', 'u'])).toContain(
      '--database: must not contain control characters',
    );
    expect(
      add(['--engine', 'sqlite', '--kubectl', 'app-0', '--namespace', 'prod', '--file', '/data/app.db']),
    ).toMatchObject({
      transport: 'exec',
      exec: {
        engine: 'sqlite',
        file: '/data/app.db',
        runner: { kind: 'kubectl', pod: 'app-0', namespace: 'prod' },
      },
    });
    expect(reason(['--docker', 'pg', '--database', 'calls'])).toContain('--user: required');
  });
});

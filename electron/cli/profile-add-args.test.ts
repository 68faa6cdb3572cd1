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

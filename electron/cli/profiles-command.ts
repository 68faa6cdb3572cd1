import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import ssh2 from 'ssh2';
import {
  TEST_STEP_LABELS,
  type Profile,
  type ProfileSecrets,
  type ProfileTestResult,
} from '../../shared/contract/profiles.ts';
import { AppError } from '../../shared/errors.ts';
import type { Engine } from '../engine/engine.ts';
import { secretVariable } from '../engine/platform/env-secrets.ts';
import { canPrompt, promptHidden } from '../engine/platform/hidden-prompt.ts';
import { passwordVariable, secretName } from '../engine/profiles/profile-secrets.ts';
import { ADD_OPTIONS, ADD_USAGE, profileFromArgs } from './profile-add-args.ts';
import type { CliIo, OpenEngine } from './cli-io.ts';
import { hostKeyAdvice } from './host-key-hint.ts';

export const PROFILES_USAGE = `Usage: logdesk profiles <list|add|test|trust|remove> …

  list [--json]                        saved profiles (secrets shown only as set / not set)
  add NAME --transport direct|ssh|exec …   save a profile (logdesk profiles add --help)
  test NAME [--json]                   check each step of reaching the database, with timings
  trust NAME [--fingerprint SHA256:…]  accept the SSH host key the profile's server presents
  remove NAME                          delete a profile and its secrets

Profiles live in the Logdesk data folder (profiles.json); secrets never do.`;

const EXIT = { ok: 0, failure: 3 } as const;
const bad = (message: string) => new AppError('BAD_ARGUMENT', message);

/** node:util's parse errors, as BAD_ARGUMENT with the usage line. */
function parsed<T>(parse: () => T, usage: string): T {
  try {
    return parse();
  } catch (err) {
    throw bad(`${(err as Error).message.split('\n')[0]} (${usage.split('\n')[0]})`);
  }
}

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

function oneName(positionals: string[], command: string): string {
  if (positionals.length !== 1)
    throw bad(
      `profiles ${command}: expected one profile name${positionals.length > 1 ? `, got ${positionals.length}` : ''}`,
    );
  return positionals[0]!;
}

function formatSteps(result: ProfileTestResult): string {
  const width = Math.max(...Object.values(TEST_STEP_LABELS).map((l) => l.length));
  const lines = result.steps.map(
    (s) =>
      `  ${s.ok ? 'ok  ' : 'FAIL'}  ${TEST_STEP_LABELS[s.step].padEnd(width)}  ${String(s.ms).padStart(5)} ms  ${s.detail}`,
  );
  const advice = (result.suggestions ?? [])
    .map((x) => `\nSuggestion: ${x.benefit}\n  ${x.statement}\n`)
    .join('');
  return `${lines.join('\n')}\n${result.ok ? 'Connection OK' : 'Connection failed'}\n${advice}`;
}

function keyIsEncrypted(file: string): boolean {
  if (!existsSync(file)) return false;
  const parsed = ssh2.utils.parseKey(readFileSync(file));
  return parsed instanceof Error && /passphrase/i.test(parsed.message);
}

/** Secrets for `add`: from the environment, else a hidden prompt on a terminal; never from argv. */
async function collectSecrets(profile: Profile, env: NodeJS.ProcessEnv): Promise<ProfileSecrets> {
  const secrets: ProfileSecrets = {};
  const ask = async (label: string) =>
    canPrompt() ? (await promptHidden(`${label}: `)) || undefined : undefined;
  secrets.dbPassword =
    profile.transport === 'file'
      ? undefined
      : (env[passwordVariable(profile)] ??
        (await ask(`Database password for ${profile.name} (empty for none)`)));
  if (profile.transport === 'ssh') {
    const auth = profile.ssh.auth;
    if (
      auth.method === 'key' &&
      auth.keyFile &&
      keyIsEncrypted(auth.keyFile.replace(/^~(?=\/)/, env.HOME ?? '~'))
    ) {
      secrets.sshPassphrase = env.LOGDESK_SSH_PASSPHRASE ?? (await ask(`Passphrase of ${auth.keyFile}`));
    }
    if (auth.method === 'password')
      secrets.sshPassword =
        env.LOGDESK_SSH_PASSWORD ??
        (await ask(`SSH password of ${profile.ssh.user ?? ''}@${profile.ssh.host}`));
  }
  for (const key of Object.keys(secrets) as (keyof ProfileSecrets)[])
    if (secrets[key] === undefined) delete secrets[key];
  return secrets;
}

async function test(engine: Engine, name: string, io: CliIo, json: boolean): Promise<number> {
  const result = await engine.call('profiles.test', { name });
  if (json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else io.stdout(formatSteps(result));
  if (result.hostKey) io.stderr(hostKeyAdvice(result.hostKey, name));
  return result.ok ? EXIT.ok : EXIT.failure;
}

async function trust(engine: Engine, name: string, expected: string | undefined, io: CliIo): Promise<number> {
  // A jump host and the target may each be unknown: accept them one after the other.
  for (let round = 0; round < 4; round++) {
    const result = await engine.call('profiles.test', { name });
    const problem = result.hostKey;
    if (!problem) {
      io.stdout(
        result.ok ? `The host keys of ${name} are trusted and the connection works.\n` : formatSteps(result),
      );
      return result.ok ? EXIT.ok : EXIT.failure;
    }
    if (problem.status !== 'unknown') {
      io.stderr(
        `${result.steps.find((s) => s.step === 'host-key' && !s.ok)?.detail ?? 'The host key was refused.'}\n`,
      );
      return EXIT.failure;
    }
    let accept = expected !== undefined && expected === problem.fingerprint;
    if (expected !== undefined && !accept && round === 0) {
      io.stderr(
        `${problem.host}:${problem.port} presented ${problem.fingerprint}, not ${expected}: nothing was trusted.\n`,
      );
      return EXIT.failure;
    }
    if (!accept && canPrompt()) {
      io.stderr(`${problem.host}:${problem.port} presented ${problem.keyType} key ${problem.fingerprint}.\n`);
      accept = /^y(es)?$/i.test(
        (await promptHidden('Trust it? Type "yes" to accept: ').catch(() => '')).trim(),
      );
    }
    if (!accept) {
      io.stderr(hostKeyAdvice(problem, name));
      return EXIT.failure;
    }
    const saved = await engine.call('profiles.acceptHostKey', {
      host: problem.host,
      port: problem.port,
      fingerprint: problem.fingerprint,
    });
    io.stdout(`Trusted ${problem.host}:${problem.port} ${problem.fingerprint} (saved in ${saved.file}).\n`);
  }
  return EXIT.failure;
}

/** `logdesk profiles …`: list, add, test, trust, remove. */
export async function profilesCommand(
  argv: string[],
  openEngine: OpenEngine,
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'list': {
      const { values } = parsed(
        () => parseArgs({ args: rest, options: { json: { type: 'boolean' } } }),
        PROFILES_USAGE,
      );
      const { profiles } = await (await openEngine()).call('profiles.list', {});
      if (values.json) io.stdout(`${JSON.stringify(profiles, null, 2)}\n`);
      else if (!profiles.length) io.stdout('No profiles yet: logdesk profiles add NAME --help\n');
      else
        for (const p of profiles)
          io.stdout(
            `${p.profile.name.padEnd(20)} ${p.profile.transport.padEnd(6)} ${p.description}${p.hasSecret.dbPassword ? '  [password set]' : ''}\n`,
          );
      return EXIT.ok;
    }
    case 'add': {
      const { values, positionals } = parsed(
        () => parseArgs({ args: rest, options: { ...ADD_OPTIONS, ...HELP }, allowPositionals: true }),
        ADD_USAGE,
      );
      if (values.help) return (void io.stdout(`${ADD_USAGE}\n`), EXIT.ok);
      const profile = profileFromArgs(oneName(positionals, 'add'), values);
      const { profiles } = await (await openEngine()).call('profiles.list', {});
      // Checked before asking for secrets, so nobody types a password for nothing; the engine refuses too.
      if (!values.replace && profiles.some((p) => p.profile.name === profile.name)) {
        throw bad(`a profile named "${profile.name}" exists: use --replace to overwrite it`);
      }
      const secrets = await collectSecrets(profile, env);
      const saved = await (
        await openEngine()
      ).call('profiles.save', {
        profile,
        secrets,
        replace: values.replace === true,
      });
      io.stdout(`Saved profile ${profile.name}: ${saved.description}\n`);
      const given = Object.keys(secrets) as (keyof ProfileSecrets)[];
      if (given.length) {
        io.stdout(
          `Secrets are not written to disk by the CLI; for later runs set ${given.map((k) => secretVariable(secretName(profile.name, k))).join(', ')} or answer the prompt.\n`,
        );
      }
      return values.test ? test(await openEngine(), profile.name, io, false) : EXIT.ok;
    }
    case 'test': {
      const { values, positionals } = parsed(
        () => parseArgs({ args: rest, options: { json: { type: 'boolean' } }, allowPositionals: true }),
        PROFILES_USAGE,
      );
      const name = oneName(positionals, 'test');
      return test(await openEngine(), name, io, values.json ?? false);
    }
    case 'trust': {
      const { values, positionals } = parsed(
        () => parseArgs({ args: rest, options: { fingerprint: { type: 'string' } }, allowPositionals: true }),
        PROFILES_USAGE,
      );
      const name = oneName(positionals, 'trust');
      return trust(await openEngine(), name, values.fingerprint, io);
    }
    case 'remove': {
      const { positionals } = parsed(
        () => parseArgs({ args: rest, options: {}, allowPositionals: true }),
        PROFILES_USAGE,
      );
      const name = oneName(positionals, 'remove');
      const { removed } = await (await openEngine()).call('profiles.remove', { name });
      if (!removed) throw new AppError('NOT_FOUND', `No connection profile named "${name}"`);
      io.stdout(`Removed profile ${name} and its secrets.\n`);
      return EXIT.ok;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.stdout(`${PROFILES_USAGE}\n`);
      return sub === undefined ? 2 : EXIT.ok;
    default:
      throw bad(`unknown profiles command "${sub}" (list, add, test, trust, remove)`);
  }
}

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestCerts {
  caFile: string;
  certFile: string;
  keyFile: string;
}

/** A throwaway CA and a server certificate for 127.0.0.1/localhost, made with the openssl CLI. */
export function makeTestCerts(dir: string, name = 'server'): TestCerts {
  const path = (file: string) => join(dir, file);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    `/CN=logdesk test CA ${name}`,
    '-keyout',
    path(`${name}-ca.key`),
    '-out',
    path(`${name}-ca.crt`),
  );
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=localhost',
    '-keyout',
    path(`${name}.key`),
    '-out',
    path(`${name}.csr`),
  );
  writeFileSync(path(`${name}.ext`), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(
    'x509',
    '-req',
    '-in',
    path(`${name}.csr`),
    '-CA',
    path(`${name}-ca.crt`),
    '-CAkey',
    path(`${name}-ca.key`),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    path(`${name}.ext`),
    '-out',
    path(`${name}.crt`),
  );
  return { caFile: path(`${name}-ca.crt`), certFile: path(`${name}.crt`), keyFile: path(`${name}.key`) };
}

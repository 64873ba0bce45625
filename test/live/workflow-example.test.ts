/**
 * Runs the commands of the GitHub Actions example in docs/fleet-audits.md, as written there,
 * against the fake AWS server, and the jq commands of the same page on the JSON it wrote.
 * The endpoint and region come from AWS_ENDPOINT_URL and AWS_REGION, as the SDK reads them.
 */

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { fleetConfig } from '../fake-aws/fleet-data.js';
import { startFakeAws, type FakeAws } from '../fake-aws/server.js';
import { schemaErrors } from '../helpers/schema.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'bin', 'lambda-memory-advisor.js');
const PAGE = readFileSync(join(ROOT, 'docs', 'fleet-audits.md'), 'utf8');

/** AWS example keys from the AWS documentation: valid in form, valid nowhere. */
const FAKE_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

/** Returns the body of the first fenced block with this info string under the heading. */
function fencedBlock(heading: string, info: string): string {
  const start = PAGE.indexOf(`\`\`\`${info}\n`, PAGE.indexOf(heading));
  const end = PAGE.indexOf('\n```', start + 1);
  return PAGE.slice(start + info.length + 4, end);
}

const workflowCommands = fencedBlock('## Scheduled GitHub Actions workflow', 'yaml')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line.startsWith('lambda-memory-advisor '));

const jqCommands = fencedBlock('## Feeding a dashboard with jq', 'sh')
  .split('\n')
  .filter((line) => line.startsWith('jq '));

const hasJq = (() => {
  try {
    execFileSync('jq', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let fake: FakeAws;
let directory: string;

beforeAll(async () => {
  fake = await startFakeAws(fleetConfig({ count: 30, idle: [4] }));
  directory = mkdtempSync(join(tmpdir(), 'lma-workflow-'));
  writeFileSync(join(directory, 'aws-config'), '');
  writeFileSync(join(directory, 'aws-credentials'), '');
});

afterAll(async () => {
  await fake.close();
});

/** Runs a documented command line word by word, with the CLI in place of the installed binary. */
function runDocumented(command: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const words = command.split(/\s+/);
  const base: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('AWS_') && value !== undefined) base[key] = value;
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...words.slice(1)], {
      cwd: directory,
      env: {
        ...base,
        ...FAKE_CREDENTIALS,
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: join(directory, 'aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(directory, 'aws-credentials'),
        AWS_ENDPOINT_URL: fake.url,
        AWS_REGION: 'us-east-1',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('GitHub Actions example', () => {
  it('has the two documented commands', () => {
    expect(workflowCommands).toEqual([
      'lambda-memory-advisor analyze --all --format json --output fleet.json',
      'lambda-memory-advisor render fleet.json --format markdown --output summary.md --fail-on over-provisioned,oom,timeouts',
    ]);
  });

  it('writes a valid JSON artifact', async () => {
    const result = await runDocumented(workflowCommands[0]!);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    const document = JSON.parse(readFileSync(join(directory, 'fleet.json'), 'utf8')) as { analyses: unknown[] };
    expect(schemaErrors(document)).toEqual([]);
    expect(document.analyses).toHaveLength(29);
  });

  it('fails the job on over-provisioned functions', async () => {
    await runDocumented(workflowCommands[0]!);
    const callsAfterAudit = fake.calls.length;

    const result = await runDocumented(workflowCommands[1]!);

    // The summary comes from the saved JSON: no second audit.
    expect(fake.calls.length).toBe(callsAfterAudit);
    expect(result.code).toBe(3);
    const markdown = readFileSync(join(directory, 'summary.md'), 'utf8');
    expect(markdown.startsWith('## Lambda memory advisor\n')).toBe(true);
    expect(markdown).toContain('| **Total (29 functions)** |');
  });

  it.skipIf(!hasJq)('runs the jq examples on the JSON', async () => {
    await runDocumented(workflowCommands[0]!);
    expect(jqCommands).toHaveLength(2);

    const lines = execFileSync('sh', ['-c', jqCommands[0]!], { cwd: directory, encoding: 'utf8' }).trimEnd().split('\n');
    expect(lines).toHaveLength(29);
    expect(lines[0]!.split('\t')).toHaveLength(6);

    const totals = JSON.parse(execFileSync('sh', ['-c', jqCommands[1]!], { cwd: directory, encoding: 'utf8' })) as Record<string, unknown>;
    expect(totals.analysed).toBe(29);
    expect(totals.failed).toBe(0);
    expect(typeof totals.savingsUsd).toBe('number');
  });
});

// The technician CLI as a technician runs it: `kiosk24 sim idcard` on one end of a socat pty
// pair and `kiosk24 device read-card` on the other, both as child processes. The simulator lays
// every fixture card in turn, with line noise, chunked writes and every third answer corrupted;
// each card's JSON is checked field by field.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPtyPair,
  TECHNICIAN_RECORD_FIELDS,
  type PtyPair,
  type TechnicianCardRecord,
} from '../../../drivers/idcard/index.ts';

function hasSocat(): boolean {
  try {
    execFileSync('socat', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const socat = hasSocat();
if (!socat) console.warn('SKIPPED: socat is not installed (apt-get install socat).');

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = path.join(root, 'bin', 'kiosk24.mjs');
const fixtureDir = path.join(root, 'drivers', 'idcard', 'fixtures');
const SAM_ID = '05.01-20101129-0001228293-0296863149';
const PHOTO = { format: 'wlt', bytes: 1024, decoded: true } as const;

/** The kiosk judges validity by its own clock, in China Standard Time. */
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const expiredOn = (validTo: string) => validTo !== 'long-term' && today > validTo;

const EXPECTED: Record<string, TechnicianCardRecord> = {
  'elder.json': {
    cardType: 'resident',
    name: '陈国强',
    englishName: null,
    gender: 'male',
    nation: '汉',
    birthDate: '1955-07-08',
    address: '广州市越秀区北京路45号',
    idNumber: '440104195507080018',
    issuer: '广州市公安局越秀分局',
    validFrom: '2015-07-08',
    validTo: 'long-term',
    passNumber: null,
    issueCount: null,
    nationality: null,
    expired: false,
    idNumberValid: true,
    photo: PHOTO,
    samId: SAM_ID,
  },
  'expired.json': {
    cardType: 'resident',
    name: '林晓东',
    englishName: null,
    gender: 'male',
    nation: '汉',
    birthDate: '1992-05-21',
    address: '广州市天河区五山路381号',
    idNumber: '440106199205210033',
    issuer: '广州市公安局天河分局',
    validFrom: '2014-06-01',
    validTo: '2024-06-01',
    passNumber: null,
    issueCount: null,
    nationality: null,
    expired: true,
    idNumberValid: true,
    photo: PHOTO,
    samId: SAM_ID,
  },
  'foreign-2017.json': {
    cardType: 'foreign-permanent-2017',
    name: '史密斯',
    englishName: 'SMITH, JOHN WILLIAM',
    gender: 'male',
    nation: null,
    birthDate: '1980-05-12',
    address: null,
    idNumber: 'USA440080051201',
    issuer: null,
    validFrom: '2019-01-01',
    validTo: '2029-01-01',
    passNumber: null,
    issueCount: null,
    nationality: 'USA',
    expired: expiredOn('2029-01-01'),
    idNumberValid: true,
    photo: PHOTO,
    samId: SAM_ID,
  },
  'foreign-2023.json': {
    cardType: 'foreign-permanent-2023',
    name: '马丽',
    englishName: 'MARTIN, MARIE CLAIRE',
    gender: 'female',
    nation: null,
    birthDate: '1985-06-12',
    address: null,
    idNumber: '944250198506120021',
    issuer: null,
    validFrom: '2023-06-01',
    validTo: '2033-06-01',
    passNumber: null,
    issueCount: '00',
    nationality: 'FRA',
    expired: expiredOn('2033-06-01'),
    idNumberValid: true,
    photo: PHOTO,
    samId: SAM_ID,
  },
  'hk-resident-permit.json': {
    cardType: 'hk-macau-taiwan',
    name: '陈家明',
    englishName: null,
    gender: 'male',
    nation: null,
    birthDate: '1990-01-01',
    address: '广东省广州市天河区体育西路88号',
    idNumber: '810000199001010019',
    issuer: '广州市公安局天河分局',
    validFrom: '2024-03-01',
    validTo: '2029-03-01',
    passNumber: 'H60123456',
    issueCount: '01',
    nationality: null,
    expired: expiredOn('2029-03-01'),
    idNumberValid: true,
    photo: PHOTO,
    samId: SAM_ID,
  },
  'invalid-number.json': {
    cardType: 'resident',
    name: '黄丽娟',
    englishName: null,
    gender: 'female',
    nation: '壮',
    birthDate: '1990-02-12',
    address: '广州市海珠区江南大道中200号',
    idNumber: '440103199002120046',
    issuer: '广州市公安局海珠分局',
    validFrom: '2020-03-01',
    validTo: '2040-03-01',
    passNumber: null,
    issueCount: null,
    nationality: null,
    expired: expiredOn('2040-03-01'),
    idNumberValid: false,
    photo: PHOTO,
    samId: SAM_ID,
  },
  'resident.json': {
    cardType: 'resident',
    name: '阳秀梅',
    englishName: null,
    gender: 'female',
    nation: '汉',
    birthDate: '1988-03-15',
    address: '广州市天河区天河路123号',
    idNumber: '440106198803151227',
    issuer: '广州市公安局天河分局',
    validFrom: '2019-06-01',
    validTo: '2039-06-01',
    passNumber: null,
    issueCount: null,
    nationality: null,
    expired: expiredOn('2039-06-01'),
    idNumberValid: true,
    photo: PHOTO,
    samId: SAM_ID,
  },
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function kiosk24(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A simulator process; resolves once it has announced itself on stdout. */
async function startSim(
  args: string[],
): Promise<{ child: ChildProcess; stderr: () => string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [bin, 'sim', 'idcard', '--verbose', ...args], {
    cwd: root,
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('kiosk24 sim idcard: SAM reader on')) resolve();
    });
    child.once('close', (code) => reject(new Error(`sim exited (${code}): ${stderr}`)));
  });
  return {
    child,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

describe.skipIf(!socat)('kiosk24 device read-card against kiosk24 sim idcard (socat pty)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-cli-'));
  const cards = readdirSync(fixtureDir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  let clean: { pty: PtyPair; sim: Awaited<ReturnType<typeof startSim>> };
  let faulty: { pty: PtyPair; sim: Awaited<ReturnType<typeof startSim>> };

  beforeAll(async () => {
    const [ptyA, ptyB] = await Promise.all([
      createPtyPair(path.join(dir, 'a')),
      createPtyPair(path.join(dir, 'b')),
    ]);
    const [simA, simB] = await Promise.all([
      startSim([
        '--port',
        ptyA.devicePath,
        ...cards.flatMap((c) => ['--card', path.join(fixtureDir, c)]),
        '--fault',
        'noise,chunked',
        '--fault',
        'corrupt=3',
        '--seed',
        '11',
      ]),
      startSim([
        '--port',
        ptyB.devicePath,
        '--card',
        'resident',
        '--fault',
        'sam-fault=1,lift-mid-read=1',
      ]),
    ]);
    clean = { pty: ptyA, sim: simA };
    faulty = { pty: ptyB, sim: simB };
  });

  afterAll(async () => {
    await Promise.all([clean?.sim.stop(), faulty?.sim.stop()]);
    await Promise.all([clean?.pty.close(), faulty?.pty.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('has a fixture of every card type', () => {
    expect(new Set(cards.map((c) => EXPECTED[c]?.cardType))).toEqual(
      new Set(['resident', 'hk-macau-taiwan', 'foreign-permanent-2017', 'foreign-permanent-2023']),
    );
    expect(cards).toEqual(Object.keys(EXPECTED).sort());
  });

  it.concurrent(
    'reads every fixture card through noise, chunking and corrupted answers, JSON exact',
    async () => {
      const status = await kiosk24(['device', 'status', '--port', clean.pty.hostPath, '--json']);
      expect(status.code).toBe(0);
      expect(JSON.parse(status.stdout)).toEqual({
        state: 'ok',
        samId: SAM_ID,
        detail: `SAM ${SAM_ID} on serial ${clean.pty.hostPath} @115200`,
        transport: `serial ${clean.pty.hostPath} @115200`,
      });
      for (const card of cards) {
        const run = await kiosk24([
          'device',
          'read-card',
          '--port',
          clean.pty.hostPath,
          '--timeout',
          '15',
          '--json',
        ]);
        expect({ card, code: run.code, stderr: run.stderr }).toEqual({ card, code: 0, stderr: '' });
        const lines = run.stdout.trim().split('\n');
        expect(lines).toHaveLength(1);
        const record = JSON.parse(lines[0]!) as TechnicianCardRecord;
        expect(Object.keys(record)).toEqual([...TECHNICIAN_RECORD_FIELDS]);
        expect(record).toEqual(EXPECTED[card]);
      }
      // The simulator did corrupt answers (reads included), and every read still succeeded.
      const log = clean.sim.stderr();
      expect(log.match(/corrupted \(fault corrupt\)/g)?.length ?? 0).toBeGreaterThanOrEqual(
        cards.length,
      );
      expect(log).toMatch(/answer to 30 01 corrupted/);
    },
    120_000,
  );

  it.concurrent(
    'says what is wrong, with distinct exit codes: SAM fault (4), card lifted until timeout (3)',
    async () => {
      const status = await kiosk24(['device', 'status', '--port', faulty.pty.hostPath, '--json']);
      expect(status.code).toBe(4);
      expect(status.stderr).toContain('reader not fit: reader status 60: SAM self-test failed');
      expect(JSON.parse(status.stdout)).toMatchObject({ state: 'fault', samId: null });

      // Every read is cut off mid-frame: the CLI asks for the card again until its timeout.
      const read = await kiosk24([
        'device',
        'read-card',
        '--port',
        faulty.pty.hostPath,
        '--timeout',
        '3',
        '--json',
      ]);
      expect(read.code).toBe(3);
      expect(read.stdout).toBe('');
      expect(read.stderr).toContain('waiting for the card to be placed again');
      expect(read.stderr).toContain('no card within 3 s');
      expect(read.stderr).not.toMatch(/阳秀梅|440106/);
      expect(faulty.sim.stderr()).toMatch(/cut off at byte \d+: card lifted/);

      const usage = await kiosk24(['device', 'read-card', '--json']);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('--port PATH (serial) or --hid VID:PID is required');
      const missing = await kiosk24(['device', 'read-card', '--port', path.join(dir, 'nothing')]);
      expect(missing.code).toBe(4);
      expect(missing.stderr).toContain('cannot open the reader');
    },
    120_000,
  );
});

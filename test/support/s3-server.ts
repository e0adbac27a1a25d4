/**
 * Test support: a real S3-compatible server (s3rver) on 127.0.0.1 with a random port and a temp
 * directory, a loopback proxy in front of it that fails some requests, and small fixture writers.
 */
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../../src/s3/s3-client.js';
import type { S3Options } from '../../src/s3/s3-options.js';

const SERVER_SCRIPT = fileURLToPath(new URL('./s3rver-process.cjs', import.meta.url));

export const TEST_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface TestS3 {
  endpoint: string;
  options: S3Options;
  client: S3Client;
  close(): Promise<void>;
}

/** Starts s3rver in a child process (see s3rver-process.cjs) with the given buckets. */
export async function startS3(buckets: string[]): Promise<TestS3> {
  const directory = await mkdtemp(join(tmpdir(), 's3rver-'));
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '--no-deprecation', SERVER_SCRIPT, directory, ...buckets], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve((JSON.parse(line) as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`s3rver exited with code ${code} before listening`)));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const options: S3Options = { endpoint, pathStyle: true, region: 'us-west-2', credentials: TEST_CREDENTIALS };
  const client = createS3Client(options);
  return {
    endpoint, options, client,
    async close() {
      client.destroy();
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** Uploads every file under `dir` to `s3://bucket/prefix/<path relative to dir>`, 32 at a time. */
export async function uploadFolder(client: S3Client, dir: string, bucket: string, prefix: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const paths = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const path = paths[next++]!;
      const key = `${prefix}${relative(dir, path).split(sep).join('/')}`;
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: createReadStream(path) }));
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  return paths.length;
}

export interface FlakyProxy {
  endpoint: string;
  /** Requests seen, requests answered 503, GET bodies cut off half-way, ranged GETs (resumes). */
  stats: { requests: number; failed: number; truncated: number; ranged: number };
  close(): Promise<void>;
}

/**
 * A loopback HTTP proxy to `target` that answers every `failEvery`-th request with 503 and cuts
 * every `truncateEvery`-th object GET off after half its body (the connection is destroyed).
 * The Host header is passed through, so SigV4 signatures still verify at the server.
 */
export async function startFlakyProxy(target: string, failEvery: number, truncateEvery: number): Promise<FlakyProxy> {
  const upstream = new URL(target);
  const stats = { requests: 0, failed: 0, truncated: 0, ranged: 0 };
  let gets = 0;
  const server: Server = createServer((req, res) => {
    const n = ++stats.requests;
    if (req.headers.range) stats.ranged++;
    if (failEvery > 0 && n % failEvery === 0) {
      stats.failed++;
      req.resume();
      res.writeHead(503, { 'content-type': 'application/xml' });
      res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>ServiceUnavailable</Code><Message>injected by the test proxy</Message></Error>');
      return;
    }
    const isObjectGet = req.method === 'GET' && !/[?&]list-type=/.test(req.url ?? '') && /^\/[^/?]+\/[^?]+/.test(req.url ?? '');
    const truncate = isObjectGet && truncateEvery > 0 && ++gets % truncateEvery === 0;
    const forward = request({
      host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers,
    }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      if (!truncate) {
        up.pipe(res);
        return;
      }
      const length = Number(up.headers['content-length'] ?? 0);
      const chunks: Buffer[] = [];
      up.on('data', (c: Buffer) => chunks.push(c));
      up.on('end', () => {
        const body = Buffer.concat(chunks);
        if (length < 2) {
          res.end(body);
          return;
        }
        stats.truncated++;
        res.write(body.subarray(0, Math.floor(body.length / 2)), () => setTimeout(() => res.socket?.destroy(), 5));
      });
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stats,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A deterministic pseudo-random sequence (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedSong { song_id: string; title: string; artist_name: string; duration: number }

/**
 * `count` song files in the sample's layout (song_data/G/X/Y/TR….json) and `days` event logs
 * playing some of them (log_data/2019/01/…-events.json); one malformed song file and one bad
 * event line, so rejects are part of what must match.
 */
export async function writeFixture(root: string, count: number, days: number, seed = 7): Promise<{ songs: GeneratedSong[] }> {
  const rnd = random(seed);
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const pick = (n: number) => Array.from({ length: n }, () => letters[Math.floor(rnd() * 26)]).join('');
  const songs: GeneratedSong[] = [];
  for (let i = 0; i < count; i++) {
    const artistNo = Math.floor(rnd() * (count / 3));
    const song = {
      num_songs: 1,
      artist_id: `ARGEN${String(artistNo).padStart(13, '0')}`,
      artist_latitude: rnd() < 0.4 ? Math.round((rnd() * 180 - 90) * 1e5) / 1e5 : null,
      artist_longitude: rnd() < 0.4 ? Math.round((rnd() * 360 - 180) * 1e5) / 1e5 : null,
      artist_location: rnd() < 0.5 ? `Town ${pick(5)}, "Ü" & ' ${artistNo}` : '',
      artist_name: `Artist ${artistNo}`,
      song_id: `SOGEN${String(i).padStart(13, '0')}`,
      title: `Song ${pick(6)} ${i}`,
      duration: Math.round((60 + rnd() * 400) * 1e5) / 1e5,
      year: rnd() < 0.3 ? 0 : 1950 + Math.floor(rnd() * 70),
    };
    songs.push(song);
    const path = join(root, 'song_data', 'G', letters[i % 26]!, letters[Math.floor(i / 26) % 26]!, `TRGEN${String(i).padStart(6, '0')}.json`);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, JSON.stringify(song, null, i % 2 ? 0 : 1));
  }
  await writeFile(join(root, 'song_data', 'G', 'A', 'A', 'TRBROKEN.json'), '{"num_songs": 1, "song_id": ');

  const logDir = join(root, 'log_data', '2019', '01');
  await mkdir(logDir, { recursive: true });
  for (let day = 1; day <= days; day++) {
    const lines: string[] = [];
    let ts = Date.UTC(2019, 0, day, 0, 0, 0);
    for (let e = 0; e < 300; e++) {
      ts += 1000 + Math.floor(rnd() * 60_000);
      const user = 1 + Math.floor(rnd() * 40);
      const song = songs[Math.floor(rnd() * songs.length)]!;
      const next = rnd() < 0.8;
      lines.push(JSON.stringify({
        artist: next ? song.artist_name : null, auth: 'Logged In', firstName: `First${user}`, gender: user % 2 ? 'F' : 'M',
        itemInSession: e, lastName: `Last${user}`, length: next ? song.duration : null, level: rnd() < 0.3 ? 'paid' : 'free',
        location: 'Somewhere, ST', method: next ? 'PUT' : 'GET', page: next ? 'NextSong' : 'Home',
        registration: 1540000000000 + user, sessionId: day * 100 + (user % 7), song: next ? (rnd() < 0.9 ? song.title : 'Unknown Song') : null,
        status: 200, ts, userAgent: 'Mozilla/5.0 "test"', userId: String(user),
      }));
      if (day === 2 && e === 17) lines.push('{"artist": "broken line"');
    }
    await writeFile(join(logDir, `2019-01-${String(day).padStart(2, '0')}-events.json`), `${lines.join('\n')}\n`);
  }
  return { songs };
}

/** Deletes a temp folder, ignoring its absence. */
export const removeDir = (dir: string) => rm(dir, { recursive: true, force: true });

/**
 * A loopback server that answers every request with one S3 error, as AWS S3 does for what
 * s3rver does not check (it verifies access key ids but not SigV4 signatures).
 */
export async function startErrorServer(status: number, code: string): Promise<{ endpoint: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(status, { 'content-type': 'application/xml' });
    res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>stub</Message></Error>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { SqlValue } from '../table.js';

/**
 * What the PostgreSQL and Redshift warehouses need from a connection. The real one wraps a `pg`
 * client; a recording one (dry runs, SQL tests) only writes the statements down.
 */
export interface PgSession {
  query(sql: string, params?: readonly SqlValue[]): Promise<Record<string, unknown>[]>;
  /** Runs a `COPY … FROM STDIN`, streaming `data` into it with back-pressure. */
  copyIn(sql: string, data: AsyncIterable<string>): Promise<void>;
  close(): Promise<void>;
}

/** Bytes of COPY text buffered ahead of the server: bounded memory, overlapped work. */
const COPY_BUFFER_BYTES = 4 << 20;
const INT8 = 20;
const TIMESTAMP = 1114;

/** Integers that fit come back as numbers (as from DuckDB); TIMESTAMP is UTC, whatever TZ says. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8) {
      return (text: string) => {
        const n = Number(text);
        return Number.isSafeInteger(n) ? n : BigInt(text);
      };
    }
    if (oid === TIMESTAMP) return (text: string) => new Date(`${text.replace(' ', 'T')}Z`);
    return pg.types.getTypeParser(oid, format ?? 'text');
  },
} as pg.CustomTypesConfig;

export class ClientSession implements PgSession {
  private constructor(private readonly client: pg.Client) {}

  static async connect(config: pg.ClientConfig): Promise<ClientSession> {
    const client = new pg.Client({ ...config, types });
    // An idle connection dropped by the server must not crash the process; the next query fails instead.
    client.on('error', () => {});
    await client.connect();
    return new ClientSession(client);
  }

  async query(sql: string, params: readonly SqlValue[] = []): Promise<Record<string, unknown>[]> {
    const values = params.map((p) => (typeof p === 'bigint' ? p.toString() : p));
    const result = await this.client.query(sql, values);
    return result.rows as Record<string, unknown>[];
  }

  async copyIn(sql: string, data: AsyncIterable<string>): Promise<void> {
    // A few batches of buffer let JS parse the next batch while the server ingests this one.
    await pipeline(data, this.client.query(copyFrom(sql, { highWaterMark: COPY_BUFFER_BYTES })));
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}

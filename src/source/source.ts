import type { Readable } from 'node:stream';

/** One input file, wherever it lives. */
export interface SourceFile {
  /** What rejects and manifests call the file: a path relative to the source, or an S3 URL. */
  name: string;
  size: number;
  /** A change marker: mtime for local files, the ETag for S3 objects. */
  version: string;
  /** Set when the file is on local disk, so an engine may read it itself. */
  localPath?: string;
  open(): Promise<Readable>;
}

/** Song and event prefixes on S3, for warehouses that read S3 themselves (Redshift COPY). */
export interface S3Location {
  songData: string;
  logData: string;
  /** The JSONPaths file for the events (`[S3] LOG_JSONPATH`). */
  logJsonPath?: string;
}

/** Where the song files and event logs are read from: a local folder or an S3 prefix. */
export interface Source {
  readonly label: string;
  /** Set when the source is on S3, so that a warehouse able to COPY from S3 loads it directly. */
  readonly s3?: S3Location;
  songFiles(): Promise<SourceFile[]>;
  eventFiles(): Promise<SourceFile[]>;
}

export const isJsonFile = (name: string) => /\.json(\.gz)?$/i.test(name);

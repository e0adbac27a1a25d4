// Runs s3rver as its own process: its ListObjectsV2 continuation tokens use DES, which Node 20's
// OpenSSL 3 only offers with --openssl-legacy-provider (given by the parent when spawning this).
// argv: directory, bucket names…; prints {"port":N} once listening; exits when the parent goes.
'use strict';
const S3rver = require('s3rver');

const [directory, ...buckets] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1', port: 0, silent: !process.env.S3RVER_LOG, directory,
  configureBuckets: buckets.map((name) => ({ name, configs: [] })),
});
server.run().then(({ port }) => {
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});
const stop = () => server.close().finally(() => process.exit(0));
process.on('disconnect', stop);
process.on('SIGTERM', stop);

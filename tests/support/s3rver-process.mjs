/**
 * Child process half of tests/support/s3rver.ts: runs s3rver on 127.0.0.1, a random port, and
 * prints `{"port":N}` once it listens. Started with --openssl-legacy-provider because s3rver
 * encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 only has in that provider.
 *
 * Usage: node --openssl-legacy-provider s3rver-process.mjs <directory> <bucket>
 * Stops on SIGTERM/SIGINT, or when its stdin closes (the test process died).
 */
import S3rver from 's3rver';

const [directory, bucket] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: [{ name: bucket }],
});
const { port } = await server.run();
process.stdout.write(`${JSON.stringify({ port })}\n`);

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  // Keep-alive sockets from S3 clients would otherwise hold close() open.
  server.httpServer.closeAllConnections();
  server.close().then(() => process.exit(0));
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();

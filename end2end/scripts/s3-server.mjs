// An S3-compatible server for tests (s3rver), on 127.0.0.1, keeping objects in a folder.
//
// Usage: node s3-server.mjs PORT FOLDER BUCKET [--exit-with-stdin]
//
//   PORT               the port to listen on; 0 picks a free one. The chosen port is the only
//                      line on stdout, so callers wait for that line instead of sleeping. Logs
//                      go to stderr.
//   FOLDER             where the buckets and objects go; created if missing.
//   BUCKET             a bucket to create before listening. Other bucket names return
//                      NoSuchBucket.
//   --exit-with-stdin  stop when stdin closes, so the server ends with the process that
//                      started it even if that process is killed before it can stop it.
//
// s3rver 3.7 accepts one access key ID, "S3RVER", and rejects any other with 403
// InvalidAccessKeyId. It does not verify Signature Version 4 signatures, so it accepts a
// request signed with any secret.

import { mkdir } from "node:fs/promises";
import path from "node:path";

import S3rver from "s3rver";

const HOST = "127.0.0.1";

function usage(message) {
    console.error(`s3-server: ${message}`);
    console.error("usage: node s3-server.mjs PORT FOLDER BUCKET [--exit-with-stdin]");
    process.exit(2);
}

function parseArguments(argv) {
    const flags = argv.filter((arg) => arg.startsWith("--"));
    const positional = argv.filter((arg) => !arg.startsWith("--"));
    const unknown = flags.filter((flag) => flag !== "--exit-with-stdin");
    if (unknown.length > 0) {
        usage(`unknown option ${unknown[0]}`);
    }
    if (positional.length !== 3) {
        usage(`expected PORT, FOLDER and BUCKET, got ${positional.length} arguments`);
    }
    const port = Number(positional[0]);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
        usage(`invalid port ${JSON.stringify(positional[0])}: expected an integer from 0 to 65535`);
    }
    return {
        port,
        folder: path.resolve(positional[1]),
        bucket: positional[2],
        exitWithStdin: flags.includes("--exit-with-stdin"),
    };
}

const { port, folder, bucket, exitWithStdin } = parseArguments(process.argv.slice(2));
await mkdir(folder, { recursive: true });

const server = new S3rver({
    address: HOST,
    port,
    directory: folder,
    silent: true,
    configureBuckets: [{ name: bucket }],
});

let httpServer;
try {
    const address = await server.run();
    httpServer = server.httpServer;
    console.log(address.port);
    console.error(`s3-server: listening on ${HOST}:${address.port}, bucket ${bucket}, objects in ${folder}`);
} catch (error) {
    console.error(`s3-server: starting failed: ${error.message}`);
    process.exit(1);
}

function stop() {
    httpServer.close(() => process.exit(0));
    // Keep-alive connections can hold close() open; the process ends regardless.
    setTimeout(() => process.exit(0), 1000).unref();
}

if (exitWithStdin) {
    process.stdin.on("end", stop);
    process.stdin.on("close", stop);
    process.stdin.resume();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

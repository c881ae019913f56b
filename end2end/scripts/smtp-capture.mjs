// A capture SMTP server for tests: it accepts every message on 127.0.0.1, without
// authentication or TLS, and stores it in a folder instead of delivering it.
//
// Usage: node smtp-capture.mjs PORT FOLDER [--exit-with-stdin]
//
//   PORT               the port to listen on; 0 picks a free one. The chosen port is the only
//                      line on stdout, so callers wait for that line instead of sleeping. Logs
//                      go to stderr.
//   FOLDER             where messages go; created if missing.
//   --exit-with-stdin  stop when stdin closes, so the server ends with the process that
//                      started it even if that process is killed before it can stop it.
//
// For each message the folder gets two files with the same name:
//
//   NAME.eml      the message as received (RFC 5322), byte for byte.
//   NAME.decoded  the message as mailparser decodes it, in application/x-www-form-urlencoded
//                 form, so that a test needs neither a MIME nor a JSON parser. The fields are
//                 envelope_from, envelope_to (one per recipient), from, to (one per address),
//                 subject and text. Each attachment adds, in order, attachment_content_type,
//                 attachment_filename and attachment_hex (the content in hexadecimal).
//
// Each file is written under a temporary name starting with "." and then renamed, and the
// .decoded file is renamed first, so a visible NAME.eml always has its complete NAME.decoded.
// Both exist before the server accepts the message with 250, so a client that got its reply
// can read them at once.
//
// While a file named .reject exists in FOLDER, the server rejects every MAIL FROM with
// "451 4.3.0", a temporary failure, as a server down for maintenance does.

import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";

import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

const HOST = "127.0.0.1";
/** The maximum message size accepted, in bytes. */
const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

function usage(message) {
    console.error(`smtp-capture: ${message}`);
    console.error("usage: node smtp-capture.mjs PORT FOLDER [--exit-with-stdin]");
    process.exit(2);
}

function parseArguments(argv) {
    const flags = argv.filter((arg) => arg.startsWith("--"));
    const positional = argv.filter((arg) => !arg.startsWith("--"));
    const unknown = flags.filter((flag) => flag !== "--exit-with-stdin");
    if (unknown.length > 0) {
        usage(`unknown option ${unknown[0]}`);
    }
    if (positional.length !== 2) {
        usage(`expected PORT and FOLDER, got ${positional.length} arguments`);
    }
    const port = Number(positional[0]);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
        usage(`invalid port ${JSON.stringify(positional[0])}: expected an integer from 0 to 65535`);
    }
    return { port, folder: path.resolve(positional[1]), exitWithStdin: flags.includes("--exit-with-stdin") };
}

/** Writes `content` to `folder/name` under a temporary name first, so readers never see a partial file. */
async function writeAtomically(folder, name, content) {
    const temporary = path.join(folder, `.${name}.${randomUUID()}.tmp`);
    await writeFile(temporary, content);
    await rename(temporary, path.join(folder, name));
}

function addresses(field) {
    // mailparser gives one address object, or an array of them when the header repeats.
    const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
    return objects.flatMap((object) => object.value.map((entry) => entry.address));
}

/** Builds the NAME.decoded file: the parsed message as form fields. */
function decodedFields(session, parsed) {
    const fields = new URLSearchParams();
    fields.append("envelope_from", session.envelope.mailFrom ? session.envelope.mailFrom.address : "");
    for (const recipient of session.envelope.rcptTo) {
        fields.append("envelope_to", recipient.address);
    }
    for (const address of addresses(parsed.from)) {
        fields.append("from", address);
    }
    for (const address of addresses(parsed.to)) {
        fields.append("to", address);
    }
    fields.append("subject", parsed.subject ?? "");
    fields.append("text", parsed.text ?? "");
    for (const attachment of parsed.attachments) {
        fields.append("attachment_content_type", attachment.contentType);
        fields.append("attachment_filename", attachment.filename ?? "");
        fields.append("attachment_hex", attachment.content.toString("hex"));
    }
    return fields.toString();
}

function temporaryFailure(message) {
    const error = new Error(message);
    error.responseCode = 451;
    return error;
}

const { port, folder, exitWithStdin } = parseArguments(process.argv.slice(2));
await mkdir(folder, { recursive: true });
const rejectFlag = path.join(folder, ".reject");
let sequence = 0;

const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    size: MAX_MESSAGE_BYTES,
    logger: false,

    onMailFrom(_address, _session, callback) {
        if (existsSync(rejectFlag)) {
            console.error("smtp-capture: rejected a message with 451 because .reject exists");
            return callback(temporaryFailure("4.3.0 Mail service temporarily unavailable, try again later"));
        }
        return callback();
    },

    onData(stream, session, callback) {
        const chunks = [];
        stream.on("data", (chunk) => chunks.push(chunk));
        stream.on("error", (error) => callback(temporaryFailure(`4.3.0 Reading the message failed: ${error.message}`)));
        stream.on("end", async () => {
            if (stream.sizeExceeded) {
                const error = new Error(`5.3.4 Message larger than ${MAX_MESSAGE_BYTES} bytes`);
                error.responseCode = 552;
                return callback(error);
            }
            const raw = Buffer.concat(chunks);
            // Date.now() has 13 digits until the year 2286 and the counter is padded, so names
            // sort in the order messages arrived, even within one millisecond.
            sequence += 1;
            const name = `${Date.now()}-${String(sequence).padStart(9, "0")}-${randomUUID().slice(0, 8)}`;
            try {
                const parsed = await simpleParser(raw);
                await writeAtomically(folder, `${name}.decoded`, decodedFields(session, parsed));
                await writeAtomically(folder, `${name}.eml`, raw);
            } catch (error) {
                console.error(`smtp-capture: storing message ${name} failed: ${error.message}`);
                return callback(temporaryFailure("4.3.0 Storing the message failed"));
            }
            console.error(`smtp-capture: stored ${name}.eml (${raw.length} bytes, ${session.envelope.rcptTo.length} recipients)`);
            return callback(null, `Message stored as ${name}`);
        });
    },
});

let listening = false;
server.on("error", (error) => {
    console.error(`smtp-capture: ${error.message}`);
    // An error before listening (the port is taken, say) leaves nothing to serve.
    if (!listening) {
        process.exit(1);
    }
});

function stop() {
    server.close(() => process.exit(0));
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
if (exitWithStdin) {
    process.stdin.on("end", stop);
    process.stdin.on("close", stop);
    process.stdin.resume();
}

server.listen(port, HOST, () => {
    listening = true;
    console.log(server.server.address().port);
    console.error(`smtp-capture: listening on ${HOST}:${server.server.address().port}, storing messages in ${folder}`);
});

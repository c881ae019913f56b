// An OpenID Connect provider for tests, built on oidc-provider, with its development
// sign-in and consent pages. It listens on 127.0.0.1 only, keeps everything in memory, and
// its pages load nothing from other hosts.
//
// Usage: node oidc-provider.mjs PORT [--client-id ID] [--client-secret SECRET]
//            [--redirect-uri URI]... [--email-in-id-token] [--parent PID]
//
//   PORT             the port to listen on; 0 picks a free one. The chosen port is the only
//                    line on stdout, so callers wait for that line instead of sleeping, and
//                    may close stdout after it. The issuer is http://127.0.0.1:PORT. Logs go
//                    to stderr.
//   --client-id      the client's ID; default $OIDC_CLIENT_ID.
//   --client-secret  the client's secret, sent with HTTP Basic authentication (the
//                    client_secret_basic method); default $OIDC_CLIENT_SECRET.
//   --redirect-uri   a redirect URI of the client, exact as registered; repeat for more.
//                    Default: $OIDC_REDIRECT_URIS, separated by spaces.
//   --email-in-id-token
//                    also put the email claims in the ID token, as many providers do.
//                    Without it they are returned by the UserInfo endpoint only, as OpenID
//                    Connect Core 1.0 section 5.4 describes when an access token is issued.
//   --parent PID     stop when process PID ends. Without it the provider stops when its
//                    parent process ID changes, which happens when the parent ends, unless
//                    the parent had already ended before the provider started.
//
// The one client is confidential, uses the authorization code flow, and must send a PKCE
// challenge (S256). Scopes: openid and email.
//
// Accounts: the sign-in page accepts any login name and any password, and the login name
// is the account's e-mail address and its subject (sub). The email scope returns `email` and
// `email_verified: true`, except for a login name that starts with "unverified-", which
// gets `email_verified: false`.

import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { parseArgs } from "node:util";

import Provider from "oidc-provider";

const HOST = "127.0.0.1";
/** How often the parent process is checked, in milliseconds. */
const PARENT_POLL_MS = 500;
/** The login-name prefix of accounts whose e-mail address is not verified. */
const UNVERIFIED_PREFIX = "unverified-";
/** The web font import in the CSS of oidc-provider's built-in pages, from another host. */
const EXTERNAL_FONT_IMPORT = /@import url\(https:\/\/fonts\.googleapis\.com\/[^)]*\);/g;

function usage(message) {
    console.error(`oidc-provider: ${message}`);
    console.error(
        "usage: node oidc-provider.mjs PORT [--client-id ID] [--client-secret SECRET] " +
            "[--redirect-uri URI]... [--email-in-id-token] [--parent PID]",
    );
    process.exit(2);
}

function parseArguments(argv) {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            allowPositionals: true,
            options: {
                "client-id": { type: "string" },
                "client-secret": { type: "string" },
                "redirect-uri": { type: "string", multiple: true },
                "email-in-id-token": { type: "boolean", default: false },
                parent: { type: "string" },
            },
        });
    } catch (error) {
        usage(error.message);
    }
    const { values, positionals } = parsed;

    if (positionals.length !== 1) {
        usage(`expected PORT, got ${positionals.length} arguments`);
    }
    const port = Number(positionals[0]);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
        usage(`invalid port ${JSON.stringify(positionals[0])}: expected an integer from 0 to 65535`);
    }

    const clientId = values["client-id"] ?? process.env.OIDC_CLIENT_ID;
    const clientSecret = values["client-secret"] ?? process.env.OIDC_CLIENT_SECRET;
    const redirectUris = values["redirect-uri"] ?? (process.env.OIDC_REDIRECT_URIS ?? "").split(" ").filter(Boolean);
    if (!clientId) {
        usage("missing client ID: pass --client-id or set OIDC_CLIENT_ID");
    }
    if (!clientSecret) {
        usage("missing client secret: pass --client-secret or set OIDC_CLIENT_SECRET");
    }
    if (redirectUris.length === 0) {
        usage("missing redirect URI: pass --redirect-uri or set OIDC_REDIRECT_URIS");
    }

    let parent;
    if (values.parent !== undefined) {
        parent = Number(values.parent);
        if (!Number.isInteger(parent) || parent <= 0) {
            usage(`invalid parent PID ${JSON.stringify(values.parent)}: expected a positive integer`);
        }
    }
    const emailInIdToken = values["email-in-id-token"];
    return { port, clientId, clientSecret, redirectUris, emailInIdToken, parent };
}

/** Returns the account of a login name, whose claims depend on the name as described above. */
function findAccount(_ctx, loginName) {
    return {
        accountId: loginName,
        async claims() {
            return {
                sub: loginName,
                email: loginName,
                email_verified: !loginName.startsWith(UNVERIFIED_PREFIX),
            };
        },
    };
}

/** Tells whether process `pid` is still running. */
function isRunning(pid) {
    try {
        process.kill(pid, 0);
        return true;
    } catch (error) {
        return error.code === "EPERM";
    }
}

/** Exits once the parent process ends, so that no provider outlives the test that started it. */
function exitWithParent(parent) {
    const startingParent = process.ppid;
    const timer = setInterval(() => {
        const parentEnded = parent === undefined ? process.ppid !== startingParent : !isRunning(parent);
        if (parentEnded) {
            console.error("oidc-provider: the parent process ended, stopping");
            process.exit(0);
        }
    }, PARENT_POLL_MS);
    // The timer alone does not keep the process running.
    timer.unref();
}

function configuration({ clientId, clientSecret, redirectUris, emailInIdToken }) {
    // A new signing key each run, which clients read from the provider's JWKS endpoint.
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    return {
        clients: [
            {
                client_id: clientId,
                client_secret: clientSecret,
                redirect_uris: redirectUris,
                grant_types: ["authorization_code"],
                response_types: ["code"],
                token_endpoint_auth_method: "client_secret_basic",
            },
        ],
        claims: { openid: ["sub"], email: ["email", "email_verified"] },
        scopes: ["openid", "email"],
        conformIdTokenClaims: !emailInIdToken,
        cookies: { keys: [randomBytes(32).toString("hex")] },
        features: { devInteractions: { enabled: true } },
        findAccount,
        jwks: { keys: [{ ...privateKey.export({ format: "jwk" }), alg: "RS256", use: "sig" }] },
        pkce: { required: () => true },
    };
}

// oidc-provider prints its notices with console.info, to stdout, where a caller that has
// read the port and closed the pipe would make the write fail with EPIPE.
console.info = console.error;

const options = parseArguments(process.argv.slice(2));
exitWithParent(options.parent);

// The issuer contains the port, so a port of 0 is resolved by binding before the provider exists.
const server = createServer();
server.listen(options.port, HOST, () => {
    const { port } = server.address();
    const provider = new Provider(`http://${HOST}:${port}`, configuration(options));
    provider.on("server_error", (_ctx, error) => console.error("oidc-provider: server error:", error));
    // Rejections return only a generic message to the client, so the detail goes to stderr.
    for (const event of ["authorization.error", "grant.error", "userinfo.error"]) {
        provider.on(event, (_ctx, error) => {
            console.error(`oidc-provider: ${event}: ${error.message}: ${error.error_detail ?? error.error_description}`);
        });
    }
    // A browser on the built-in pages would fetch that font from the Internet. Tests send no
    // traffic off 127.0.0.1, so the import is removed from every HTML response.
    provider.use(async (ctx, next) => {
        await next();
        if (ctx.response.is("html") && typeof ctx.body === "string") {
            ctx.body = ctx.body.replace(EXTERNAL_FONT_IMPORT, "");
        }
    });
    server.on("request", provider.callback());
    console.log(String(port));
    console.error(`oidc-provider: issuer http://${HOST}:${port}, client ${options.clientId}`);
});
server.on("error", (error) => {
    console.error(`oidc-provider: cannot listen on ${HOST}:${options.port}: ${error.message}`);
    process.exit(1);
});

// Grades one page of the site the way Mozilla's HTTP Observatory does, with its own code throughout:
// scan() from @mdn/mdn-http-observatory fetches http:// and https:// on the standard ports, follows and records
// the redirects, keeps the cookies, asks for /robots.txt, sends a CORS preflight, runs its ten tests and grades.
// The Observatory itself grades a site's home page; hooks.mjs lets scan() grade the page at --path as well.
// Prints the scan as JSON: {"path", "scan": {grade, score, ...}, "tests": {name: {result, pass, scoreModifier,
// scoreDescription, ...}}}, or {"path", "error"} (and exits 1) when the Observatory cannot scan the page.
//
//   node tests/observatory/grade.mjs --server 127.0.0.1:8000 --host news.example.com --path /admin/login/
//
// The server is the site as `make serve` runs it, on plain HTTP behind where nginx would be
// (deploy/nginx.conf). Only the transport is arranged here, nothing the Observatory reads:
// - Connections for http://HOST/ go to the server: a request without X-Forwarded-Proto, which the site
//   redirects to https://HOST/ itself, as nginx's port-80 block does.
// - Connections for https://HOST/ go to a stand-in for nginx's TLS block, in this process: it passes each
//   request on to the server as nginx does (the same Host, X-Forwarded-Proto: https, X-Forwarded-For) and the
//   answer back unchanged. There is no TLS: the certificate is the deployment's, not this repository's. The
//   Observatory records a response as "verified" unless verifying the certificate failed, which it cannot
//   here, so the redirection and HSTS tests are graded as for a valid certificate.
// - Any other connection is refused: nothing leaves this machine.
// And the HSTS preload list, which the package's install script downloads from Chromium's source (npm ci
// --ignore-scripts skips it), reads as empty: HOST is graded on its own headers, never on a preload entry
// (one turns the HSTS and redirection tests into passes whatever the headers say).
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import { register } from "node:module";
import net from "node:net";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    server: { type: "string", default: "127.0.0.1:8000" },
    host: { type: "string", default: "news.example.com" },
    path: { type: "string", default: "/" },
  },
});
const separator = args.server.lastIndexOf(":");
const server = { host: args.server.slice(0, separator), port: Number(args.server.slice(separator + 1)) };

function toServer() {
  return net.createConnection(server);
}

// The stand-in for nginx's `listen 443 ssl` block.
const tlsProxy = http.createServer((request, response) => {
  const headers = { ...request.headers, "x-forwarded-proto": "https", "x-forwarded-for": "127.0.0.1" };
  const upstream = http.request(
    { method: request.method, path: request.url, headers, createConnection: toServer },
    (answer) => {
      response.writeHead(answer.statusCode, answer.statusMessage, answer.rawHeaders);
      answer.pipe(response);
    },
  );
  upstream.on("error", (error) => response.destroy(error));
  request.pipe(upstream);
});
await new Promise((resolve) => tlsProxy.listen(0, "127.0.0.1", resolve));

const routes = new Map([
  [`http://${args.host}:80`, server],
  [`https://${args.host}:443`, { host: "127.0.0.1", port: tlsProxy.address().port }],
]);
// Every request the package makes goes through an http.Agent or https.Agent (its own cookie-keeping ones,
// or the global ones): this is where they connect.
for (const [scheme, module, defaultPort] of [["http", http, 80], ["https", https, 443]]) {
  module.Agent.prototype.createConnection = function (options, callback) {
    const address = `${scheme}://${options.host}:${options.port || defaultPort}`;
    const route = routes.get(address);
    if (!route) {
      callback(new Error(`not connecting to ${address}: only the site under test is reachable`));
      return undefined;
    }
    return net.createConnection(route);
  };
}

const preloadList = fileURLToPath(new URL("../conf/hsts-preload.json", import.meta.resolve("@mdn/mdn-http-observatory")));
const readFileSync = fs.readFileSync;
fs.readFileSync = function (path, ...rest) {
  return path === preloadList ? "{}" : readFileSync.call(this, path, ...rest);
};

register("./hooks.mjs", import.meta.url);
const { scan } = await import("@mdn/mdn-http-observatory");

try {
  const result = await scan(args.host, { path: args.path });
  process.stdout.write(JSON.stringify({ path: args.path, ...result }, null, 2) + "\n");
} catch (error) {
  process.stdout.write(JSON.stringify({ path: args.path, error: String(error?.message ?? error) }) + "\n");
  process.exitCode = 1;
} finally {
  tlsProxy.close();
  tlsProxy.closeAllConnections();
}

// A module hook for grade.mjs: the Observatory's scan(hostname, options) fetches only the home page, because it
// calls retrieve(hostname) without the options it was given, while retrieve() itself takes the page's path
// among them. This passes them on, so that scan() grades any page, and fails loudly if a new version of the
// package no longer makes that call.
const SCANNER = "/node_modules/@mdn/mdn-http-observatory/src/scanner/index.js";
const CALL = "await retrieve(hostname);";

export async function load(url, context, nextLoad) {
  const loaded = await nextLoad(url, context);
  if (!url.endsWith(SCANNER)) {
    return loaded;
  }
  const source = typeof loaded.source === "string" ? loaded.source : new TextDecoder().decode(loaded.source);
  if (!source.includes(CALL)) {
    throw new Error(`${url} no longer calls ${CALL}: tests/observatory/hooks.mjs needs updating`);
  }
  return { ...loaded, source: source.replace(CALL, "await retrieve(hostname, options);") };
}

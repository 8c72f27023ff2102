vcl 4.1;
# Varnish 7 in front of Newsroom (README.md, "A CDN or Varnish in front"): it keeps readers' pages for as long
# as their s-maxage says and drops them the moment the site purges their keys (EDGE_PURGER=varnish).
# nginx terminates TLS and passes requests here; Varnish passes them on to gunicorn (`make serve`).
# Needs the xkey vmod: Debian's varnish-modules (`make varnish` installs both). Replace the backend's address,
# then: varnishd -f /etc/varnish/newsroom.vcl -a 127.0.0.1:6081 (VARNISH_PURGE_URLS=http://127.0.0.1:6081).

import std;
import xkey;

# Whether the site answers: while it does not, readers get what Varnish holds for as long as the page's
# stale-if-error allows. The Host must be one of ALLOWED_HOSTS.
probe site_answers {
    .request = "HEAD /robots.txt HTTP/1.1"
        "Host: news.example.com"
        "X-Forwarded-Proto: https"
        "Connection: close";
    .interval = 1s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
}

backend newsroom {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .probe = site_answers;
}

# Who may purge: the app servers. Anyone else asking gets 405.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        # EDGE_PURGER=varnish sends the keys to drop, space-separated: every page whose xkey holds one goes.
        if (req.http.xkey-purge) {
            set req.http.x-purged = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Purged " + req.http.x-purged));
        }
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # A page past its s-maxage is served while a fresh one is fetched for EDGE_STALE_WHILE_REVALIDATE (keep the
    # two in step) while the site answers; while it does not, for as long as the page's stale-if-error says.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 30s;
    }
    # Editors (a session cookie) and the admin never get nor fill the cache.
    if (req.url ~ "^/admin/" || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # A partner's key gets the content API's answers for its own reach, private to it; anyone's are shared.
    if (req.http.Authorization || req.http.X-API-Key) {
        return (pass);
    }
    # Readers' pages do not depend on their cookies (analytics, consent, a stale csrftoken): one copy for all.
    unset req.http.Cookie;
    # Tracking parameters change nothing on a page; the app ignores them too (articles/page_cache.py).
    set req.url = regsuball(req.url, "([?&])(utm_[a-z]+|fbclid|gclid|mc_[a-z]+)=[^&]*", "\1");
    set req.url = regsuball(req.url, "&&+", "&");
    set req.url = regsub(req.url, "[?&]+$", "");
    set req.url = regsub(req.url, "\?&", "?");
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    hash_data(req.http.host);
    # nginx says whether the reader came over HTTPS; an HTTP request is answered with a redirect.
    hash_data(req.http.X-Forwarded-Proto);
    return (lookup);
}

sub vcl_backend_response {
    # Only what the app marks as shared (s-maxage, never private, no cookie set) is kept: anything else, for
    # instance a page answered to a logged-in editor or a 404, goes straight through.
    if (beresp.http.Cache-Control !~ "s-maxage=[1-9]" || beresp.http.Cache-Control ~ "private|no-store|no-cache"
        || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Varnish reads s-maxage into beresp.ttl itself; the page is kept past it for stale-if-error (vcl_recv
    # serves it that long only while the site does not answer). A background refresh that fails keeps the
    # stale page rather than caching the error.
    if (beresp.http.Cache-Control ~ "stale-if-error=[0-9]+") {
        set beresp.grace = std.duration(
            regsub(beresp.http.Cache-Control, "^.*stale-if-error=([0-9]+).*$", "\1") + "s", beresp.grace);
    }
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    # Kept past its lifetime only to be revalidated with If-None-Match (a cheap 304), never served as is.
    set beresp.keep = 1h;
    return (deliver);
}

sub vcl_deliver {
    if (obj.uncacheable) {
        set resp.http.X-Cache = "pass";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
    # The keys are between the site and its caches; readers' browsers have no use for them.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
}

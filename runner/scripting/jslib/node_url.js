/*
 * Node's url, querystring, punycode and path (posix) for Postman scripts: cdp-runner's own code.
 */
(function () {
    'use strict';
    // ---------------------------------------------------------------- punycode (RFC 3492)
    var BASE = 36, TMIN = 1, TMAX = 26, SKEW = 38, DAMP = 700, IBIAS = 72, INITIAL_N = 128;
    function adapt(delta, n, first) {
        delta = first ? Math.floor(delta / DAMP) : delta >> 1;
        delta += Math.floor(delta / n);
        var k = 0;
        for (; delta > ((BASE - TMIN) * TMAX) >> 1; k += BASE) delta = Math.floor(delta / (BASE - TMIN));
        return Math.floor(k + (BASE - TMIN + 1) * delta / (delta + SKEW));
    }
    function digit(d) { return String.fromCharCode(d + 22 + 75 * (d < 26)); }
    function ucs2decode(s) {
        var out = [];
        for (var i = 0; i < s.length; i++) {
            var c = s.charCodeAt(i);
            if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) { var d = s.charCodeAt(i + 1); if ((d & 0xfc00) === 0xdc00) { out.push(((c & 0x3ff) << 10) + (d & 0x3ff) + 0x10000); i++; continue; } }
            out.push(c);
        }
        return out;
    }
    function ucs2encode(cps) { return cps.map(function (c) { return String.fromCodePoint(c); }).join(''); }
    function encode(input) {
        var cps = ucs2decode(input), n = INITIAL_N, delta = 0, bias = IBIAS, out = '';
        cps.forEach(function (c) { if (c < 0x80) out += String.fromCharCode(c); });
        var b = out.length, h = b;
        if (b) out += '-';
        while (h < cps.length) {
            var mn = Infinity;
            cps.forEach(function (c) { if (c >= n && c < mn) mn = c; });
            delta += (mn - n) * (h + 1); n = mn;
            for (var i = 0; i < cps.length; i++) {
                var c = cps[i];
                if (c < n) delta++;
                if (c === n) {
                    var q = delta;
                    for (var k = BASE; ; k += BASE) {
                        var t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
                        if (q < t) break;
                        out += digit(t + (q - t) % (BASE - t));
                        q = Math.floor((q - t) / (BASE - t));
                    }
                    out += digit(q);
                    bias = adapt(delta, h + 1, h === b);
                    delta = 0; h++;
                }
            }
            delta++; n++;
        }
        return out;
    }
    function decode(input) {
        var out = [], n = INITIAL_N, i = 0, bias = IBIAS, basic = input.lastIndexOf('-');
        if (basic < 0) basic = 0;
        for (var j = 0; j < basic; j++) out.push(input.charCodeAt(j));
        for (var idx = basic > 0 ? basic + 1 : 0; idx < input.length;) {
            var old = i, w = 1;
            for (var k = BASE; ; k += BASE) {
                var cp = input.charCodeAt(idx++);
                var d = cp - 48 < 10 ? cp - 22 : cp - 65 < 26 ? cp - 65 : cp - 97 < 26 ? cp - 97 : BASE;
                if (d >= BASE) throw new RangeError('Invalid input');
                i += d * w;
                var t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
                if (d < t) break;
                w *= BASE - t;
            }
            bias = adapt(i - old, out.length + 1, old === 0);
            n += Math.floor(i / (out.length + 1));
            i %= out.length + 1;
            out.splice(i++, 0, n);
        }
        return ucs2encode(out);
    }
    function mapDomain(s, fn) {
        var parts = String(s).split('@'), prefix = parts.length > 1 ? parts[0] + '@' : '';
        return prefix + parts[parts.length - 1].replace(/[\u3002\uFF0E\uFF61]/g, '.').split('.').map(fn).join('.');
    }
    var punycode = {
        version: '2.1.0', encode: encode, decode: decode, ucs2: { decode: ucs2decode, encode: ucs2encode },
        toASCII: function (d) { return mapDomain(d, function (l) { return /[^\0-\x7E]/.test(l) ? 'xn--' + encode(l) : l; }); },
        toUnicode: function (d) { return mapDomain(d, function (l) { return /^xn--/i.test(l) ? decode(l.slice(4).toLowerCase()) : l; }); }
    };

    // ---------------------------------------------------------------- querystring
    function qsEscape(s) { return encodeURIComponent(s); }
    function qsUnescape(s) { try { return decodeURIComponent(s); } catch (e) { return unescape(s); } }
    function stringifyPrim(v) { return typeof v === 'string' ? v : (typeof v === 'number' && isFinite(v)) || typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : ''; }
    var querystring = {
        escape: qsEscape, unescape: qsUnescape,
        stringify: function (obj, sep, eq, opts) {
            sep = sep || '&'; eq = eq || '='; var enc = (opts && opts.encodeURIComponent) || qsEscape;
            if (!obj || typeof obj !== 'object') return '';
            return Object.keys(obj).map(function (k) {
                var v = obj[k], ks = enc(stringifyPrim(k));
                if (Array.isArray(v)) return v.map(function (x) { return ks + eq + enc(stringifyPrim(x)); }).join(sep);
                return ks + eq + enc(stringifyPrim(v));
            }).filter(function (s) { return s; }).join(sep);
        },
        parse: function (str, sep, eq, opts) {
            sep = sep || '&'; eq = eq || '='; var dec = (opts && opts.decodeURIComponent) || qsUnescape;
            var out = Object.create(null), max = opts && opts.maxKeys !== undefined ? opts.maxKeys : 1000;
            if (typeof str !== 'string' || !str) return out;
            var parts = str.split(sep);
            if (max > 0) parts = parts.slice(0, max);
            parts.forEach(function (p) {
                if (!p) return;
                var i = p.indexOf(eq), k = i < 0 ? p : p.slice(0, i), v = i < 0 ? '' : p.slice(i + eq.length);
                k = dec(k.replace(/\+/g, ' ')); v = dec(v.replace(/\+/g, ' '));
                if (!(k in out)) out[k] = v; else if (Array.isArray(out[k])) out[k].push(v); else out[k] = [out[k], v];
            });
            return out;
        }
    };
    querystring.encode = querystring.stringify;
    querystring.decode = querystring.parse;

    // ---------------------------------------------------------------- url (legacy API and WHATWG URL)
    var URL_RE = /^(?:([a-z][a-z0-9+.\-]*:))?(?:(\/\/)(?:([^\/?#@]*)@)?(\[[^\]]*\]|[^\/?#:]*)(?::(\d*))?)?([^?#]*)(\?[^#]*)?(#.*)?$/i;
    function Url() {
        this.protocol = null; this.slashes = null; this.auth = null; this.host = null; this.port = null; this.hostname = null;
        this.hash = null; this.search = null; this.query = null; this.pathname = null; this.path = null; this.href = null;
    }
    Url.prototype.format = function () { return format(this); };
    function parse(str, parseQuery, slashesDenoteHost) {
        if (str instanceof Url) return str;
        str = String(str).trim();
        var u = new Url(), mm = URL_RE.exec(str);
        if (!mm) { u.href = str; return u; }
        var proto = mm[1] ? mm[1].toLowerCase() : null;
        var hasHost = !!mm[2] && (proto || slashesDenoteHost);
        if (mm[2] && !hasHost) { mm[6] = '//' + (mm[3] ? mm[3] + '@' : '') + (mm[4] || '') + (mm[5] !== undefined ? ':' + mm[5] : '') + (mm[6] || ''); }
        u.protocol = proto;
        if (hasHost) {
            u.slashes = true;
            u.auth = mm[3] !== undefined ? decodeURIComponent(mm[3]) : null;
            u.hostname = (mm[4] || '').toLowerCase().replace(/^\[|\]$/g, '');
            u.port = mm[5] ? mm[5] : null;
            u.host = (mm[4] || '').toLowerCase() + (u.port ? ':' + u.port : '');
        }
        u.pathname = mm[6] || (hasHost ? '/' : null);
        u.search = mm[7] || (parseQuery ? '' : null);
        u.query = parseQuery ? querystring.parse((mm[7] || '').slice(1)) : (mm[7] ? mm[7].slice(1) : null);
        u.hash = mm[8] || null;
        u.path = (u.pathname || '') + (u.search || '') || null;
        u.href = format(u);
        return u;
    }
    function format(u) {
        if (typeof u === 'string') u = parse(u);
        if (u instanceof URLClass) return u.href;
        var proto = u.protocol ? (/:$/.test(u.protocol) ? u.protocol : u.protocol + ':') : '';
        var host = '';
        if (u.host) host = u.host;
        else if (u.hostname) host = (u.hostname.indexOf(':') >= 0 ? '[' + u.hostname + ']' : u.hostname) + (u.port ? ':' + u.port : '');
        var auth = u.auth ? encodeURIComponent(u.auth).replace(/%3A/i, ':') + '@' : '';
        var search = u.search || (u.query && typeof u.query === 'object' && Object.keys(u.query).length ? '?' + querystring.stringify(u.query) : '');
        if (search && search[0] !== '?') search = '?' + search;
        var hash = u.hash ? (u.hash[0] === '#' ? u.hash : '#' + u.hash) : '';
        var pathname = u.pathname || '';
        var slashes = u.slashes || /^(?:https?|ftp|gopher|file|wss?):?$/.test(proto) ? '//' : '';
        if (host || slashes) { if (pathname && pathname[0] !== '/') pathname = '/' + pathname; return proto + (host || slashes ? '//' : '') + auth + host + pathname + search + hash; }
        return proto + pathname + search + hash;
    }
    function resolve(from, to) {
        return new URLClass(to, new URLClass(from, 'resolve://').href).href.replace(/^resolve:\/\/\/?/, function () { return /^\//.test(from) ? '/' : ''; });
    }

    function URLSearchParams(init) {
        var list = this._list = [];
        if (init instanceof URLSearchParams) init._list.forEach(function (p) { list.push(p.slice()); });
        else if (Array.isArray(init)) init.forEach(function (p) { list.push([String(p[0]), String(p[1])]); });
        else if (init && typeof init === 'object') Object.keys(init).forEach(function (k) { list.push([k, String(init[k])]); });
        else if (init !== undefined) String(init).replace(/^\?/, '').split('&').forEach(function (p) {
            if (!p) return;
            var i = p.indexOf('=');
            list.push([qsUnescape((i < 0 ? p : p.slice(0, i)).replace(/\+/g, ' ')), qsUnescape((i < 0 ? '' : p.slice(i + 1)).replace(/\+/g, ' '))]);
        });
    }
    var SP = URLSearchParams.prototype;
    SP.append = function (k, v) { this._list.push([String(k), String(v)]); this._sync(); };
    SP['delete'] = function (k) { this._list = this._list.filter(function (p) { return p[0] !== String(k); }); this._sync(); };
    SP.get = function (k) { var p = this._list.find(function (x) { return x[0] === String(k); }); return p ? p[1] : null; };
    SP.getAll = function (k) { return this._list.filter(function (x) { return x[0] === String(k); }).map(function (x) { return x[1]; }); };
    SP.has = function (k) { return this._list.some(function (x) { return x[0] === String(k); }); };
    SP.set = function (k, v) {
        k = String(k); var done = false;
        this._list = this._list.filter(function (p) { if (p[0] !== k) return true; if (done) return false; p[1] = String(v); done = true; return true; });
        if (!done) this._list.push([k, String(v)]);
        this._sync();
    };
    SP.sort = function () { this._list.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; }); this._sync(); };
    SP.forEach = function (fn, self) { var that = this; this._list.forEach(function (p) { fn.call(self, p[1], p[0], that); }); };
    SP.keys = function () { return this._list.map(function (p) { return p[0]; })[Symbol.iterator](); };
    SP.values = function () { return this._list.map(function (p) { return p[1]; })[Symbol.iterator](); };
    SP.entries = SP[Symbol.iterator] = function () { return this._list.map(function (p) { return p.slice(); })[Symbol.iterator](); };
    SP.toString = function () {
        function enc(s) { return encodeURIComponent(s).replace(/%20/g, '+').replace(/[!'()~]/g, function (c) { return '%' + c.charCodeAt(0).toString(16).toUpperCase(); }); }
        return this._list.map(function (p) { return enc(p[0]) + '=' + enc(p[1]); }).join('&');
    };
    SP._sync = function () { if (this._url) { var s = this.toString(); this._url._search = s ? '?' + s : ''; } };

    var DEFAULT_PORTS = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443', 'ftp:': '21' };
    function removeDots(path) {
        var out = [];
        path.split('/').forEach(function (seg, i, all) {
            if (seg === '..') { if (out.length > 1) out.pop(); if (i === all.length - 1) out.push(''); }
            else if (seg === '.') { if (i === all.length - 1) out.push(''); }
            else out.push(seg);
        });
        return out.join('/');
    }
    function URLClass(input, base) {
        input = String(input).trim();
        var mm = URL_RE.exec(input);
        if (!mm || !mm[1]) {
            if (base === undefined) throw new TypeError('Invalid URL: ' + input);
            var b = base instanceof URLClass ? base : new URLClass(base);
            var rel = /^([^?#]*)(\?[^#]*)?(#.*)?$/.exec(input);
            if (/^\/\//.test(input)) return new URLClass(b.protocol + input);
            var path = rel[1] === '' ? b.pathname : rel[1][0] === '/' ? rel[1] : b.pathname.replace(/[^\/]*$/, '') + rel[1];
            return new URLClass(b.protocol + '//' + (b.username ? b.username + (b.password ? ':' + b.password : '') + '@' : '') + b.host + removeDots(path) +
                (rel[2] !== undefined ? rel[2] : rel[1] === '' ? b.search : '') + (rel[3] || ''));
        }
        this.protocol = mm[1].toLowerCase();
        var auth = mm[3] || '', ci = auth.indexOf(':');
        this.username = ci < 0 ? auth : auth.slice(0, ci);
        this.password = ci < 0 ? '' : auth.slice(ci + 1);
        this.hostname = punycode.toASCII((mm[4] || '').toLowerCase());
        this.port = mm[5] && DEFAULT_PORTS[this.protocol] !== mm[5] ? mm[5] : '';
        var p = mm[6] || (mm[2] ? '/' : '');
        this.pathname = mm[2] ? removeDots(p.replace(/ /g, '%20')) : p;
        this._search = mm[7] && mm[7] !== '?' ? mm[7].replace(/ /g, '%20') : '';
        this.hash = mm[8] && mm[8] !== '#' ? mm[8] : '';
        this.searchParams = new URLSearchParams(this._search);
        this.searchParams._url = this;
    }
    Object.defineProperties(URLClass.prototype, {
        host: { get: function () { return this.hostname + (this.port ? ':' + this.port : ''); } },
        origin: { get: function () { return this.protocol + '//' + this.host; } },
        search: { get: function () { return this._search; }, set: function (v) { v = String(v); this._search = v && v !== '?' ? (v[0] === '?' ? v : '?' + v) : ''; this.searchParams = new URLSearchParams(this._search); this.searchParams._url = this; } },
        href: { get: function () { return this.protocol + (this.hostname || this.protocol === 'file:' ? '//' : '') + (this.username ? this.username + (this.password ? ':' + this.password : '') + '@' : '') + this.host + this.pathname + this._search + this.hash; } }
    });
    URLClass.prototype.toString = URLClass.prototype.toJSON = function () { return this.href; };

    __cdp.define('punycode', function () { return punycode; });
    __cdp.define('querystring', function () { return querystring; });
    __cdp.define('url', function (m) {
        var api = { parse: parse, format: format, resolve: resolve, Url: Url, URL: URLClass, URLSearchParams: URLSearchParams,
            domainToASCII: punycode.toASCII, domainToUnicode: punycode.toUnicode };
        return m.unsupported('url', ['resolveObject', 'fileURLToPath', 'pathToFileURL', 'urlToHttpOptions'], api);
    });
    if (typeof globalThis.URL === 'undefined') Object.defineProperty(globalThis, 'URL', { value: URLClass, writable: true, configurable: true });
    if (typeof globalThis.URLSearchParams === 'undefined') Object.defineProperty(globalThis, 'URLSearchParams', { value: URLSearchParams, writable: true, configurable: true });

    // ---------------------------------------------------------------- path (posix)
    function normalizeArray(parts, allowAbove) {
        var out = [];
        parts.forEach(function (p) {
            if (!p || p === '.') return;
            if (p === '..') { if (out.length && out[out.length - 1] !== '..') out.pop(); else if (allowAbove) out.push('..'); }
            else out.push(p);
        });
        return out;
    }
    var path = {
        sep: '/', delimiter: ':',
        normalize: function (p) {
            p = String(p); if (!p) return '.';
            var abs = p[0] === '/', trail = p[p.length - 1] === '/';
            var r = normalizeArray(p.split('/'), !abs).join('/');
            if (!r && !abs) r = '.';
            if (r && trail) r += '/';
            return (abs ? '/' : '') + r;
        },
        join: function () { var parts = Array.prototype.filter.call(arguments, function (x) { return x !== ''; }); return parts.length ? path.normalize(parts.join('/')) : '.'; },
        resolve: function () {
            var r = '', abs = false;
            for (var i = arguments.length - 1; i >= 0 && !abs; i--) { var p = String(arguments[i]); if (!p) continue; r = p + '/' + r; abs = p[0] === '/'; }
            r = normalizeArray(r.split('/'), !abs).join('/');
            return ((abs ? '/' : '') + r) || '/';
        },
        isAbsolute: function (p) { return String(p)[0] === '/'; },
        dirname: function (p) { p = String(p).replace(/\/+$/, '') || (String(p)[0] === '/' ? '/' : ''); var i = p.lastIndexOf('/'); return i < 0 ? '.' : i === 0 ? '/' : p.slice(0, i); },
        basename: function (p, ext) { var b = String(p).replace(/\/+$/, ''); b = b.slice(b.lastIndexOf('/') + 1); return ext && b.slice(-ext.length) === ext && b !== ext ? b.slice(0, -ext.length) : b; },
        extname: function (p) { var b = path.basename(p), i = b.lastIndexOf('.'); return i <= 0 ? '' : b.slice(i); },
        relative: function (from, to) {
            var f = path.resolve(from).split('/').filter(Boolean), t = path.resolve(to).split('/').filter(Boolean), i = 0;
            while (i < f.length && i < t.length && f[i] === t[i]) i++;
            return f.slice(i).map(function () { return '..'; }).concat(t.slice(i)).join('/');
        },
        parse: function (p) {
            var root = String(p)[0] === '/' ? '/' : '', base = path.basename(p), ext = path.extname(p), dir = path.dirname(p);
            return { root: root, dir: dir === '.' && !String(p).includes('/') ? '' : dir, base: base, ext: ext, name: ext ? base.slice(0, -ext.length) : base };
        },
        format: function (o) { var dir = o.dir || o.root || '', base = o.base || ((o.name || '') + (o.ext || '')); return dir ? (dir === o.root ? dir + base : dir + '/' + base) : base; },
        toNamespacedPath: function (p) { return p; }
    };
    path.posix = path;
    __cdp.define('path', function () { return path; });
})();

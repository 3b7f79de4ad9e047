/*
 * postman-collection for Postman scripts: cdp-runner's own code for the parts scripts use --
 * PropertyList, Url, QueryParam, Header, Variable, VariableList, VariableScope, Request,
 * RequestBody, Response, Cookie. Other classes throw "require('postman-collection'): function X is not supported".
 */
(function () {
    'use strict';
    __cdp.define('postman-collection', function (m) {
        var querystring = m.require('querystring');
        function keyOf(item) { return item && (item.key !== undefined ? item.key : item.name !== undefined ? item.name : item.id); }

        // ------------------------------------------------------------ PropertyList
        function PropertyList(type, parent, populate) {
            this.Type = type; this._parent = parent; this.members = []; this.reference = {};
            if (populate) this.populate(populate);
        }
        var PL = PropertyList.prototype;
        PL._cast = function (item) { return this.Type && !(item instanceof this.Type) && typeof this.Type === 'function' ? new this.Type(item) : item; };
        PL._ci = function () { return this.Type && this.Type._postman_propertyIndexCaseInsensitive; };
        PL._match = function (item, key) { var k = keyOf(item); return this._ci() ? String(k).toLowerCase() === String(key).toLowerCase() : k === key; };
        PL.populate = function (items) { var self = this; (Array.isArray(items) ? items : items ? [items] : []).forEach(function (i) { self.add(i); }); };
        PL.add = PL.append = function (item) { this.members.push(this._cast(item)); };
        PL.prepend = function (item) { this.members.unshift(this._cast(item)); };
        PL.insert = function (item, before) { var i = this.indexOf(before); if (i < 0) this.add(item); else this.members.splice(i, 0, this._cast(item)); };
        PL.upsert = function (item) {
            var k = keyOf(item), found = this.one(k);
            if (found) { if (typeof found.update === 'function') found.update(item); else Object.assign(found, item); return false; }
            this.add(item); return true;
        };
        PL.get = function (key) { var i = this.one(key); return i === undefined ? undefined : (typeof i.valueOf === 'function' && i.value !== undefined ? i.value : i); };
        PL.one = function (key) { for (var i = this.members.length - 1; i >= 0; i--) if (this._match(this.members[i], key)) return this.members[i]; return undefined; };
        PL.has = function (key, value) { var self = this; return this.members.some(function (mm) { return self._match(mm, typeof key === 'object' ? keyOf(key) : key) && (value === undefined || mm.value === value); }); };
        PL.remove = function (pred, ctx) {
            var self = this, f = typeof pred === 'function' ? pred : function (mm) { return typeof pred === 'object' ? mm === pred : self._match(mm, pred); };
            this.members = this.members.filter(function (mm) { return !f.call(ctx, mm); });
        };
        PL.clear = function () { this.members = []; };
        PL.all = function () { return this.members.slice(); };
        PL.count = function () { return this.members.length; };
        PL.idx = function (i) { return this.members[i]; };
        PL.indexOf = function (item) { var self = this; return this.members.findIndex(function (mm) { return mm === item || (typeof item === 'string' && self._match(mm, item)); }); };
        PL.each = function (fn, ctx) { this.members.forEach(fn, ctx); };
        PL.filter = function (fn, ctx) { return this.members.filter(fn, ctx); };
        PL.find = function (fn, ctx) { return this.members.find(fn, ctx); };
        PL.map = function (fn, ctx) { return this.members.map(fn, ctx); };
        PL.reduce = function (fn, acc, ctx) { return this.members.reduce(function (a, b) { return fn.call(ctx, a, b); }, acc); };
        PL.eachParent = function () { };
        PL.toObject = function (excludeDisabled, caseSensitive, multiValue) {
            var out = {}, self = this;
            this.members.forEach(function (mm) {
                if (excludeDisabled && mm.disabled) return;
                var k = keyOf(mm); if (k === undefined) return;
                if (self._ci() && !caseSensitive) k = String(k).toLowerCase();
                var v = mm.value !== undefined ? mm.value : mm;
                if (multiValue && k in out) out[k] = [].concat(out[k], v); else out[k] = v;
            });
            return out;
        };
        PL.toJSON = function () { return this.members.map(function (mm) { return typeof mm.toJSON === 'function' ? mm.toJSON() : mm; }); };
        PL.toString = function () { return this.members.map(function (mm) { return String(mm); }).join(this.Type === QueryParam ? '&' : '\n'); };
        PL.repopulate = function (items) { this.clear(); this.populate(items); };
        PL.assimilate = function (source) { var self = this; (source instanceof PropertyList ? source.members : source || []).forEach(function (i) { self.upsert(i); }); };
        PropertyList.isPropertyList = function (o) { return o instanceof PropertyList; };

        // ------------------------------------------------------------ properties
        function Property(def) { if (def && def.id) this.id = def.id; if (def && def.name) this.name = def.name; if (def && def.disabled) this.disabled = true; }
        Property.prototype.toJSON = function () { var o = {}, self = this; Object.keys(this).forEach(function (k) { if (k[0] !== '_' && self[k] !== undefined) o[k] = self[k] && typeof self[k].toJSON === 'function' ? self[k].toJSON() : self[k]; }); return o; };

        function QueryParam(def) {
            if (typeof def === 'string') def = QueryParam.parseSingle(def);
            def = def || {};
            this.key = def.key === undefined ? null : def.key; this.value = def.value === undefined ? null : def.value;
            if (def.disabled) this.disabled = true;
        }
        QueryParam.prototype = Object.create(Property.prototype);
        QueryParam.prototype.update = function (d) { if (typeof d === 'string') d = QueryParam.parseSingle(d); this.key = d.key; this.value = d.value; };
        QueryParam.prototype.toString = function () { return QueryParam.unparseSingle(this); };
        QueryParam.prototype.valueOf = function () { return this.value; };
        QueryParam.parseSingle = function (s) { var i = s.indexOf('='); return i < 0 ? { key: s, value: null } : { key: s.slice(0, i), value: s.slice(i + 1) }; };
        QueryParam.parse = function (s) { return String(s || '').split('&').filter(function (p, i, all) { return p !== '' || all.length > 1; }).map(QueryParam.parseSingle); };
        QueryParam.unparseSingle = function (p) { return p.value === null || p.value === undefined ? String(p.key === null ? '' : p.key) : (p.key === null ? '' : p.key) + '=' + p.value; };
        QueryParam.unparse = function (list, opts) {
            var items = list instanceof PropertyList ? list.members : Array.isArray(list) ? list : Object.keys(list || {}).map(function (k) { return { key: k, value: list[k] }; });
            return items.filter(function (p) { return !(opts && opts.ignoreDisabled && p.disabled); }).map(QueryParam.unparseSingle).join('&');
        };

        function Header(def, value) {
            if (typeof def === 'string' && value !== undefined) def = { key: def, value: value };
            else if (typeof def === 'string') def = Header.parseSingle(def);
            def = def || {};
            this.key = def.key === undefined ? '' : def.key; this.value = def.value === undefined ? '' : def.value;
            if (def.disabled) this.disabled = true;
            if (def.system) this.system = true;
        }
        Header.prototype = Object.create(Property.prototype);
        Header.prototype.update = function (d) { this.key = d.key; this.value = d.value; };
        Header.prototype.toString = function () { return this.key + ': ' + this.value; };
        Header.prototype.valueOf = function () { return this.value; };
        Header._postman_propertyIndexCaseInsensitive = true;
        Header.parseSingle = function (s) { s = String(s); var i = s.indexOf(':'); return i < 0 ? { key: s.trim(), value: '' } : { key: s.slice(0, i).trim(), value: s.slice(i + 1).trim() }; };
        Header.parse = function (s) { return String(s || '').split(/\r?\n/).filter(function (l) { return l.trim(); }).map(Header.parseSingle).map(function (h) { return new Header(h); }); };
        Header.unparseSingle = function (h) { return h.key + ': ' + h.value; };
        Header.unparse = function (list, sep) {
            var items = list instanceof PropertyList ? list.members : list || [];
            return items.filter(function (h) { return !h.disabled; }).map(Header.unparseSingle).join(sep === undefined ? '\n' : sep);
        };
        Header.create = function (value, name) { return new Header({ key: name, value: value }); };
        Header.isHeader = function (o) { return o instanceof Header; };

        function Variable(def) {
            def = def || {};
            this.key = def.key !== undefined ? def.key : def.id; this.type = def.type || 'any';
            this.value = def.value === undefined ? undefined : def.value;
            if (def.disabled) this.disabled = true;
        }
        Variable.prototype = Object.create(Property.prototype);
        Variable.prototype.get = function () { return this.value; };
        Variable.prototype.set = function (v) { this.value = v; };
        Variable.prototype.update = function (d) { if (d.value !== undefined) this.value = d.value; if (d.type) this.type = d.type; };
        Variable.prototype.valueOf = function (v) { if (arguments.length) { this.value = v; } return this.value; };
        Variable.prototype.toString = function () { return this.value === undefined || this.value === null ? '' : String(this.value); };
        Variable.isVariable = function (o) { return o instanceof Variable; };

        function replaceIn(str, lookup) {
            if (typeof str !== 'string') return str;
            for (var depth = 0; depth < 19 && /\{\{[^{}]+\}\}/.test(str); depth++) {
                var changed = false;
                str = str.replace(/\{\{([^{}]+)\}\}/g, function (mm, name) { var v = lookup(name); if (v === undefined) return mm; changed = true; return String(v); });
                if (!changed) break;
            }
            return str;
        }
        function VariableList(parent, populate) { PropertyList.call(this, Variable, parent, populate); }
        VariableList.prototype = Object.create(PL);
        VariableList.prototype.replace = function (str) { var self = this; return replaceIn(str, function (n) { var v = self.one(n); return v && !v.disabled ? v.value : undefined; }); };
        VariableList.prototype.substitute = function (obj) {
            var self = this;
            function walk(v) { if (typeof v === 'string') return self.replace(v); if (Array.isArray(v)) return v.map(walk); if (v && typeof v === 'object') { var o = {}; Object.keys(v).forEach(function (k) { o[k] = walk(v[k]); }); return o; } return v; }
            return walk(obj);
        };
        function VariableScope(def, layers) {
            if (Array.isArray(def)) def = { values: def };
            def = def || {};
            this.id = def.id; this.name = def.name;
            this.values = new VariableList(this, def.values || []);
            this._layers = layers ? [].concat(layers) : [];
        }
        VariableScope.prototype.get = function (k) {
            var v = this.values.one(k);
            if (v && !v.disabled) return v.value;
            for (var i = 0; i < this._layers.length; i++) { var l = this._layers[i], x = l instanceof VariableList ? l.one(k) : undefined; if (x) return x.value; }
            return undefined;
        };
        VariableScope.prototype.set = function (k, value, type) { var v = this.values.one(k); if (v) { v.value = value; if (type) v.type = type; } else this.values.add({ key: k, value: value, type: type }); };
        VariableScope.prototype.unset = function (k) { this.values.remove(k); };
        VariableScope.prototype.clear = function () { this.values.clear(); };
        VariableScope.prototype.has = function (k) { return this.values.has(k); };
        VariableScope.prototype.toObject = function () { return this.values.toObject(true); };
        VariableScope.prototype.replaceIn = function (s) { var self = this; return replaceIn(s, function (n) { return self.get(n); }); };
        VariableScope.prototype.syncVariablesTo = function (o) { var obj = this.toObject(); Object.keys(obj).forEach(function (k) { o[k] = obj[k]; }); return o; };
        VariableScope.prototype.toJSON = function () { return { id: this.id, name: this.name, values: this.values.toJSON() }; };
        VariableScope.isVariableScope = function (o) { return o instanceof VariableScope; };

        // ------------------------------------------------------------ Url
        function Url(def) {
            this.protocol = undefined; this.auth = undefined; this.host = undefined; this.port = undefined; this.path = undefined; this.hash = undefined;
            this.query = new PropertyList(QueryParam, this, []);
            this.variables = new VariableList(this, []);
            this.update(def);
        }
        Url.prototype.update = function (def) {
            if (def === undefined || def === null) return;
            var d = typeof def === 'string' ? Url.parse(def) : def;
            if (d.raw !== undefined && d.host === undefined && d.path === undefined) d = Url.parse(d.raw);
            this.protocol = d.protocol; this.auth = d.auth; this.port = d.port; this.hash = d.hash;
            this.host = typeof d.host === 'string' ? d.host.split('.') : d.host;
            this.path = typeof d.path === 'string' ? d.path.split('/').filter(function (x, i) { return i > 0 || x !== ''; }) : d.path;
            this.query = new PropertyList(QueryParam, this, typeof d.query === 'string' ? QueryParam.parse(d.query) : d.query || []);
            this.variables = new VariableList(this, d.variable || []);
        };
        Url.parse = function (raw) {
            raw = String(raw === undefined || raw === null ? '' : raw).trim();
            var out = { raw: raw }, rest = raw, i;
            if ((i = rest.indexOf('#')) >= 0) { out.hash = rest.slice(i + 1); rest = rest.slice(0, i); }
            if ((i = rest.indexOf('?')) >= 0) { out.query = QueryParam.parse(rest.slice(i + 1)); rest = rest.slice(0, i); }
            var pm = /^([^:\/?#{}]+):\/\//.exec(rest);
            if (pm) { out.protocol = pm[1]; rest = rest.slice(pm[0].length); }
            var slash = rest.indexOf('/'), hostPart = slash < 0 ? rest : rest.slice(0, slash);
            var at = hostPart.lastIndexOf('@');
            if (at >= 0) { var auth = hostPart.slice(0, at), c = auth.indexOf(':'); out.auth = { user: c < 0 ? auth : auth.slice(0, c), password: c < 0 ? undefined : auth.slice(c + 1) }; hostPart = hostPart.slice(at + 1); }
            var pc = /:(\d+|\{\{[^}]+\}\})$/.exec(hostPart);
            if (pc) { out.port = pc[1]; hostPart = hostPart.slice(0, pc.index); }
            out.host = hostPart ? hostPart.split('.') : undefined;
            if (slash >= 0) out.path = rest.slice(slash + 1).split('/');
            return out;
        };
        Url.prototype.getHost = function () { return Array.isArray(this.host) ? this.host.join('.') : this.host || ''; };
        Url.prototype.getRemote = function (forcePort) { var p = this.port || (forcePort ? (this.protocol === 'https' ? '443' : '80') : ''); return this.getHost() + (p ? ':' + p : ''); };
        Url.prototype.getPath = function (unresolved) {
            var vars = this.variables;
            var p = Array.isArray(this.path) ? this.path.map(function (s) { if (!unresolved && typeof s === 'string' && s[0] === ':' && vars.has(s.slice(1))) return vars.get(s.slice(1)); return s; }).join('/') : (this.path || '');
            return '/' + p;
        };
        Url.prototype.getQueryString = function (opts) { return QueryParam.unparse(this.query.members.filter(function (q) { return !q.disabled; }), opts); };
        Url.prototype.getPathWithQuery = function () { var q = this.getQueryString(); return this.getPath() + (q ? '?' + q : ''); };
        Url.prototype.getOAuth1BaseUrl = function () { return (this.protocol || 'http') + '://' + this.getHost().toLowerCase() + (this.port && !((this.protocol === 'https' && this.port === '443') || this.port === '80') ? ':' + this.port : '') + this.getPath(); };
        Url.prototype.addQueryParams = function (params) { var self = this; (typeof params === 'string' ? QueryParam.parse(params) : params).forEach(function (p) { self.query.add(p); }); };
        Url.prototype.removeQueryParams = function (params) { var self = this; (Array.isArray(params) ? params : [params]).forEach(function (p) { self.query.remove(typeof p === 'object' ? p.key : p); }); };
        Url.prototype.toString = function (forceProtocol) {
            var s = '';
            if (this.protocol) s += this.protocol + '://'; else if (forceProtocol) s += 'http://';
            if (this.auth && this.auth.user !== undefined) s += this.auth.user + (this.auth.password !== undefined ? ':' + this.auth.password : '') + '@';
            s += this.getHost();
            if (this.port) s += ':' + this.port;
            if (this.path) s += '/' + this.path.join('/');
            var enabled = this.query.members.filter(function (q) { return !q.disabled; });
            if (enabled.length) s += '?' + QueryParam.unparse(enabled);
            if (this.hash) s += '#' + this.hash;
            return s;
        };
        Url.prototype.toJSON = function () {
            return { raw: this.toString(), protocol: this.protocol, host: this.host, port: this.port, path: this.path, hash: this.hash,
                query: this.query.toJSON(), variable: this.variables.toJSON() };
        };
        Url.isUrl = function (o) { return o instanceof Url; };

        // ------------------------------------------------------------ Request / Response
        function RequestBody(def) {
            def = def || {};
            this.mode = def.mode; this.raw = def.raw; this.urlencoded = def.urlencoded ? new PropertyList(QueryParam, this, def.urlencoded) : undefined;
            this.formdata = def.formdata ? new PropertyList(null, this, def.formdata) : undefined; this.file = def.file; this.graphql = def.graphql;
            this.options = def.options; this.disabled = def.disabled;
        }
        RequestBody.prototype.toString = function () {
            if (this.mode === 'raw') return this.raw === undefined ? '' : String(this.raw);
            if (this.mode === 'urlencoded' && this.urlencoded) return this.urlencoded.members.filter(function (p) { return !p.disabled; }).map(function (p) { return encodeURIComponent(p.key) + '=' + encodeURIComponent(p.value); }).join('&');
            if (this.mode === 'graphql' && this.graphql) return JSON.stringify(this.graphql);
            return '';
        };
        RequestBody.prototype.isEmpty = function () { return !this.mode || !this.toString(); };
        RequestBody.prototype.update = function (d) { RequestBody.call(this, typeof d === 'string' ? { mode: 'raw', raw: d } : d); };
        RequestBody.prototype.toJSON = function () { var o = { mode: this.mode }; o[this.mode] = this[this.mode] && this[this.mode].toJSON ? this[this.mode].toJSON() : this[this.mode]; return o; };

        function headerList(parent, h) {
            if (typeof h === 'string') h = Header.parse(h);
            else if (h && !Array.isArray(h) && !(h instanceof PropertyList)) h = Object.keys(h).map(function (k) { return { key: k, value: h[k] }; });
            return new PropertyList(Header, parent, h instanceof PropertyList ? h.members : h || []);
        }
        function Request(def) {
            if (typeof def === 'string') def = { url: def };
            def = def || {};
            this.url = def.url instanceof Url ? def.url : new Url(def.url || '');
            this.method = String(def.method || 'GET').toUpperCase();
            this.headers = headerList(this, def.header || def.headers);
            this.body = def.body ? (def.body instanceof RequestBody ? def.body : new RequestBody(def.body)) : undefined;
            this.auth = def.auth; this.description = def.description;
        }
        Request.prototype.getHeaders = function (opts) {
            var out = {};
            this.headers.members.forEach(function (h) {
                if (opts && opts.enabled && h.disabled) return;
                var k = opts && opts.ignoreCase ? String(h.key).toLowerCase() : h.key;
                if (opts && opts.multiValue) out[k] = (out[k] || []).concat(h.value); else out[k] = h.value;
            });
            return out;
        };
        Request.prototype.addHeader = function (h) { this.headers.add(h); };
        Request.prototype.upsertHeader = function (h) { this.headers.upsert(h); };
        Request.prototype.removeHeader = function (k) { this.headers.remove(typeof k === 'object' ? k.key : k); };
        Request.prototype.addQueryParams = function (p) { this.url.addQueryParams(p); };
        Request.prototype.removeQueryParams = function (p) { this.url.removeQueryParams(p); };
        Request.prototype.clone = function () { return new Request(JSON.parse(JSON.stringify(this.toJSON()))); };
        Request.prototype.toJSON = function () {
            return { url: this.url.toJSON(), method: this.method, header: this.headers.toJSON(), body: this.body ? this.body.toJSON() : undefined, auth: this.auth };
        };
        Request.isRequest = function (o) { return o instanceof Request; };

        function Response(def) {
            def = def || {};
            this.code = def.code; this.status = def.status || def.reason || '';
            this.headers = headerList(this, def.header || def.headers);
            this._body = def.body !== undefined ? String(def.body) : def.stream !== undefined ? String(def.stream) : '';
            this.responseTime = def.responseTime; this.cookies = new PropertyList(Cookie, this, def.cookie || []);
        }
        Response.prototype.text = function () { return this._body; };
        Response.prototype.json = function () { return JSON.parse(this._body); };
        Response.prototype.reason = function () { return this.status; };
        Response.prototype.size = function () { return { body: this._body.length, header: 0, total: this._body.length }; };
        Response.prototype.toJSON = function () { return { code: this.code, status: this.status, header: this.headers.toJSON(), body: this._body, responseTime: this.responseTime }; };
        Object.defineProperty(Response.prototype, 'body', { get: function () { return this._body; } });
        Object.defineProperty(Response.prototype, 'stream', { get: function () { return m.require('buffer').Buffer.from(this._body); } });
        Response.isResponse = function (o) { return o instanceof Response; };

        function Cookie(def) {
            if (typeof def === 'string') def = Cookie.parse(def);
            def = def || {};
            var self = this;
            ['name', 'value', 'domain', 'path', 'expires', 'maxAge', 'hostOnly', 'httpOnly', 'secure', 'session', 'extensions'].forEach(function (k) { if (def[k] !== undefined) self[k] = def[k]; });
            this.key = this.name;
        }
        Cookie.prototype = Object.create(Property.prototype);
        Cookie.prototype.valueOf = function () { return this.value; };
        Cookie.prototype.toString = function () { return this.name + '=' + this.value + (this.path ? '; Path=' + this.path : '') + (this.domain ? '; Domain=' + this.domain : '') + (this.expires ? '; Expires=' + this.expires : '') + (this.secure ? '; Secure' : '') + (this.httpOnly ? '; HttpOnly' : ''); };
        Cookie.parse = function (s) {
            var parts = String(s).split(';'), first = parts.shift(), i = first.indexOf('='), out = { name: first.slice(0, i).trim(), value: first.slice(i + 1).trim() };
            parts.forEach(function (p) { var j = p.indexOf('='), k = (j < 0 ? p : p.slice(0, j)).trim().toLowerCase(), v = j < 0 ? true : p.slice(j + 1).trim(); if (k === 'httponly') out.httpOnly = true; else if (k === 'max-age') out.maxAge = Number(v); else out[k] = v; });
            return out;
        };
        Cookie.isCookie = function (o) { return o instanceof Cookie; };

        var sdk = {
            PropertyList: PropertyList, Property: Property, PropertyBase: Property, QueryParam: QueryParam, Header: Header, HeaderList: PropertyList,
            Variable: Variable, VariableList: VariableList, VariableScope: VariableScope, Url: Url, Request: Request, RequestBody: RequestBody,
            Response: Response, Cookie: Cookie, CookieList: PropertyList
        };
        return m.unsupported('postman-collection', ['Collection', 'Item', 'ItemGroup', 'Event', 'EventList', 'Script', 'RequestAuth',
            'Certificate', 'CertificateList', 'ProxyConfig', 'ProxyConfigList', 'Description', 'FormParam', 'MutationTracker', 'Version',
            'UrlMatchPattern', 'UrlMatchPatternList', 'PropertyBase'], sdk);
    });
})();

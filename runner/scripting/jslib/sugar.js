/*
 * SugarJS 1.x prototype methods that old Postman collections call (Postman's sandbox loads Sugar):
 * cdp-runner's own code for the common String, Array, Number and Object methods, written from
 * Sugar's documented behaviour. Methods are added non-enumerable and never replace a built-in.
 */
(function () {
    'use strict';
    function add(target, methods) {
        Object.keys(methods).forEach(function (name) {
            if (Object.prototype.hasOwnProperty.call(target, name)) return;
            Object.defineProperty(target, name, { value: methods[name], writable: true, configurable: true, enumerable: false });
        });
    }
    function words(s) { return String(s).replace(/([a-z\d])([A-Z])/g, '$1 $2').split(/[\s_\-]+/).filter(Boolean); }
    function fn(f) {
        if (typeof f === 'function') return f;
        if (f === undefined) return function (x) { return x; };
        if (typeof f === 'string') return function (x) { return x === null || x === undefined ? undefined : typeof x[f] === 'function' ? x[f]() : x[f]; };
        if (f instanceof RegExp) return function (x) { return f.test(x); };
        if (f && typeof f === 'object') return function (x) { return x && Object.keys(f).every(function (k) { return x[k] === f[k]; }); };
        return function (x) { return x === f; };
    }
    function matcher(f) { return typeof f === 'function' || f instanceof RegExp || (f && typeof f === 'object') ? fn(f) : function (x) { return x === f; }; }
    function sameValue(a, b) { return a === b || (a && b && typeof a === 'object' && JSON.stringify(a) === JSON.stringify(b)); }

    add(String.prototype, {
        camelize: function (first) {
            var out = String(this).replace(/[-_\s]+(.)?/g, function (m, c) { return c ? c.toUpperCase() : ''; });
            return first === false ? out.charAt(0).toLowerCase() + out.slice(1) : out.charAt(0).toUpperCase() + out.slice(1);
        },
        underscore: function () { return String(this).replace(/[-\s]+/g, '_').replace(/([A-Z\d]+)([A-Z][a-z])/g, '$1_$2').replace(/([a-z\d])([A-Z])/g, '$1_$2').toLowerCase(); },
        dasherize: function () { return this.underscore().replace(/_/g, '-'); },
        spacify: function () { return this.underscore().replace(/_/g, ' '); },
        parameterize: function (sep) { sep = sep === undefined ? '-' : sep; return String(this).toLowerCase().replace(/[^a-z0-9\-_]+/g, sep).replace(new RegExp('^' + sep + '+|' + sep + '+$', 'g'), ''); },
        capitalize: function (all) {
            var s = String(this).toLowerCase();
            return all ? s.replace(/(^|[^a-z0-9'])([a-z])/g, function (m, a, b) { return a + b.toUpperCase(); }) : s.charAt(0).toUpperCase() + s.slice(1);
        },
        titleize: function () { return words(this.spacify()).map(function (w) { return w.charAt(0).toUpperCase() + w.slice(1).toLowerCase(); }).join(' '); },
        isBlank: function () { return String(this).trim().length === 0; },
        has: function (f) { return f instanceof RegExp ? f.test(this) : String(this).indexOf(f) !== -1; },
        escapeURL: function (param) { return param ? encodeURIComponent(this) : encodeURI(this); },
        unescapeURL: function (param) { return param ? decodeURIComponent(this) : decodeURI(this); },
        escapeHTML: function () { return String(this).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\//g, '&#x2f;'); },
        unescapeHTML: function () { return String(this).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;|&#39;/g, "'").replace(/&#x2f;/g, '/').replace(/&amp;/g, '&'); },
        toNumber: function (base) { var s = String(this).replace(/,/g, ''); return base ? parseInt(s, base) : s.match(/\./) ? parseFloat(s) : parseInt(s, 10); },
        words: function (f) { var w = String(this).trim().split(/\s+/).filter(Boolean); if (f) w.forEach(f); return w; },
        lines: function (f) { var l = String(this).trim().split(/\r?\n/); if (f) l.forEach(f); return l; },
        chars: function (f) { var c = String(this).split(''); if (f) c.forEach(f); return c; },
        first: function (n) { return String(this).slice(0, n === undefined ? 1 : n); },
        last: function (n) { n = n === undefined ? 1 : n; return n ? String(this).slice(-n) : ''; },
        from: function (i) { return String(this).slice(i || 0); },
        to: function (i) { return String(this).slice(0, i === undefined ? this.length : i); },
        at: function (i) { var s = String(this); i = i < 0 ? s.length + i : i % s.length; return s.charAt(i); },
        compact: function () { return String(this).trim().replace(/([\r\n\s])+/g, function (m, c) { return c === '\u3000' ? c : ' '; }); },
        reverse: function () { return String(this).split('').reverse().join(''); },
        insert: function (str, i) { var s = String(this); i = i === undefined ? s.length : i; return s.slice(0, i) + str + s.slice(i); },
        remove: function (f) { return String(this).replace(f, ''); },
        add: function (str, i) { return this.insert(str, i); },
        truncate: function (len, from, ellipsis) {
            var s = String(this); ellipsis = ellipsis === undefined ? '...' : ellipsis;
            if (s.length <= len) return s;
            if (from === 'left') return ellipsis + s.slice(s.length - len);
            if (from === 'middle') { var l = Math.ceil(len / 2), r = Math.floor(len / 2); return s.slice(0, l) + ellipsis + s.slice(s.length - r); }
            return s.slice(0, len) + ellipsis;
        },
        pad: function (n, padding) { var s = String(this), p = padding === undefined ? ' ' : String(padding), half = Math.max(0, n - s.length) / 2; return p.repeat(Math.floor(half)) + s + p.repeat(Math.ceil(half)); },
        shift: function (n) { return String(this).split('').map(function (c) { return String.fromCharCode(c.charCodeAt(0) + n); }).join(''); },
        codes: function (f) { var out = String(this).split('').map(function (c) { return c.charCodeAt(0); }); if (f) out.forEach(f); return out; },
        each: function (search, f) {
            if (typeof search === 'function') { f = search; search = /[\s\S]/g; }
            var m = String(this).match(typeof search === 'string' ? new RegExp(search.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g') : search) || [];
            if (f) m.forEach(function (x, i) { f(x, i, m); });
            return m;
        },
        stripTags: function () { return String(this).replace(/<\/?[^>]+>/g, ''); },
        removeTags: function () { return String(this).replace(/<([a-z][\w-]*)[^>]*>[\s\S]*?<\/\1>|<[^>]+\/>/gi, ''); },
        encodeBase64: function () { return btoa(unescape(encodeURIComponent(String(this)))); },
        decodeBase64: function () { return decodeURIComponent(escape(atob(String(this)))); },
        assign: function () {
            var vals = {};
            Array.prototype.forEach.call(arguments, function (a, i) { if (a && typeof a === 'object') Object.assign(vals, a); else vals[i + 1] = a; });
            return String(this).replace(/\{([^{}]+)\}/g, function (m, k) { return Object.prototype.hasOwnProperty.call(vals, k) ? vals[k] : m; });
        }
    });

    add(Array.prototype, {
        first: function (n) { return n === undefined ? this[0] : this.slice(0, n); },
        last: function (n) { return n === undefined ? this[this.length - 1] : n ? this.slice(-n) : []; },
        from: function (i) { return this.slice(i); },
        to: function (i) { return this.slice(0, i); },
        at: function (i) { return this[i < 0 ? this.length + i : i % this.length]; },
        compact: function (all) { return this.filter(function (x) { return all ? !!x : x !== null && x !== undefined && !(typeof x === 'number' && x !== x); }); },
        unique: function (f) {
            var map = fn(f), seen = [];
            return this.filter(function (x) { var k = map(x); if (seen.some(function (s) { return sameValue(s, k); })) return false; seen.push(k); return true; });
        },
        flatten: function (limit) {
            var out = [];
            (function walk(a, d) { a.forEach(function (x) { if (Array.isArray(x) && (limit === undefined || d < limit)) walk(x, d + 1); else out.push(x); }); })(this, 0);
            return out;
        },
        sum: function (f) { var map = fn(f); return this.reduce(function (a, x) { return a + map(x); }, 0); },
        average: function (f) { return this.length ? this.sum(f) / this.length : 0; },
        min: function (f, all) { var map = fn(f), best; this.forEach(function (x) { var v = map(x); if (best === undefined || v < best) best = v; }); var hits = this.filter(function (x) { return map(x) === best; }); return all ? hits : hits[0]; },
        max: function (f, all) { var map = fn(f), best; this.forEach(function (x) { var v = map(x); if (best === undefined || v > best) best = v; }); var hits = this.filter(function (x) { return map(x) === best; }); return all ? hits : hits[0]; },
        groupBy: function (f) { var map = fn(f), out = {}; this.forEach(function (x) { var k = map(x); (out[k] || (out[k] = [])).push(x); }); return out; },
        sortBy: function (f, desc) { var map = fn(f); return this.slice().sort(function (a, b) { var x = map(a), y = map(b), r = x > y ? 1 : x < y ? -1 : 0; return desc ? -r : r; }); },
        findAll: function (f) { return this.filter(matcher(f)); },
        count: function (f) { return f === undefined ? this.length : this.filter(matcher(f)).length; },
        none: function (f) { return !this.some(matcher(f)); },
        any: function (f) { return this.some(matcher(f)); },
        all: function (f) { return this.every(matcher(f)); },
        exclude: function () { var ms = Array.prototype.map.call(arguments, matcher); return this.filter(function (x) { return !ms.some(function (mm) { return mm(x); }); }); },
        include: function (x, i) { var out = this.slice(); out.splice.apply(out, [i === undefined ? out.length : i, 0].concat(Array.isArray(x) ? x : [x])); return out; },
        remove: function () { var ms = Array.prototype.map.call(arguments, matcher); for (var i = this.length - 1; i >= 0; i--) { var x = this[i]; if (ms.some(function (mm) { return mm(x); })) this.splice(i, 1); } return this; },
        add: function (x, i) { this.splice.apply(this, [i === undefined ? this.length : i, 0].concat(Array.isArray(x) ? x : [x])); return this; },
        insert: function (x, i) { return this.add(x, i); },
        isEmpty: function () { return this.compact().length === 0; },
        clone: function () { return this.slice(); },
        randomize: function () { var a = this.slice(); for (var i = a.length - 1; i > 0; i--) { var j = Math.floor(Math.random() * (i + 1)), t = a[i]; a[i] = a[j]; a[j] = t; } return a; },
        sample: function (n) { var a = this.randomize(); return n === undefined ? a[0] : a.slice(0, n); },
        union: function () { return Array.prototype.concat.apply(this, arguments).unique(); },
        intersect: function () { var others = Array.prototype.slice.call(arguments); return this.unique().filter(function (x) { return others.every(function (o) { return [].concat(o).some(function (y) { return sameValue(x, y); }); }); }); },
        subtract: function () { var others = [].concat.apply([], arguments); return this.filter(function (x) { return !others.some(function (y) { return sameValue(x, y); }); }); },
        each: function (f) { for (var i = 0; i < this.length; i++) if (f.call(this, this[i], i, this) === false) break; return this; }
    });

    function roundTo(method) { return function (p) { var f = Math.pow(10, p || 0); return Math[method](this * f) / f; }; }
    add(Function.prototype, {
        once: function () { var fn = this, done = false, r; return function () { if (!done) { done = true; r = fn.apply(this, arguments); } return r; }; },
        after: function (n) { var fn = this, count = 0; return function () { if (++count >= n) return fn.apply(this, arguments); }; },
        fill: function () {
            var fn = this, preset = Array.prototype.slice.call(arguments);
            return function () {
                var args = preset.slice(), rest = Array.prototype.slice.call(arguments);
                for (var i = 0; i < args.length; i++) if (args[i] === undefined && rest.length) args[i] = rest.shift();
                return fn.apply(this, args.concat(rest));
            };
        }
    });
    ['delay', 'defer', 'lazy', 'throttle', 'debounce', 'cancel', 'every'].forEach(function (name) {
        if (Object.prototype.hasOwnProperty.call(Function.prototype, name)) return;
        Object.defineProperty(Function.prototype, name, {
            value: function () { throw new Error('SugarJS: function Function#' + name + ' is not supported'); },
            writable: true, configurable: true, enumerable: false
        });
    });

    add(Number.prototype, {
        round: roundTo('round'), ceil: roundTo('ceil'), floor: roundTo('floor'),
        abs: function () { return Math.abs(this); },
        pad: function (place, sign, base) { var s = Math.abs(this).toString(base || 10); while (s.length < (place || 0)) s = '0' + s; return (this < 0 ? '-' : sign ? '+' : '') + s; },
        times: function (f) { var out = []; for (var i = 0; i < this; i++) out.push(f.call(this, i)); return out; },
        upto: function (n, f, step) { var out = []; for (var i = +this; i <= n; i += step || 1) out.push(f ? f(i) : i); return out; },
        downto: function (n, f, step) { var out = []; for (var i = +this; i >= n; i -= step || 1) out.push(f ? f(i) : i); return out; },
        isEven: function () { return this % 2 === 0; },
        isOdd: function () { return Math.abs(this % 2) === 1; },
        isInteger: function () { return this % 1 === 0; },
        ordinalize: function () { var n = Math.abs(this), b = n % 10, t = n % 100; return this + (t >= 11 && t <= 13 ? 'th' : b === 1 ? 'st' : b === 2 ? 'nd' : b === 3 ? 'rd' : 'th'); },
        hex: function (pad) { return this.pad(pad || 1, false, 16); },
        format: function (place, thousands, decimal) {
            var parts = (place === undefined ? String(Math.abs(this)) : Math.abs(this).toFixed(place)).split('.');
            parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, thousands === undefined ? ',' : thousands);
            return (this < 0 ? '-' : '') + parts.join(decimal === undefined ? '.' : decimal);
        },
        chr: function () { return String.fromCharCode(this); }
    });

    add(Object, {
        isString: function (v) { return typeof v === 'string'; }, isNumber: function (v) { return typeof v === 'number'; },
        isBoolean: function (v) { return typeof v === 'boolean'; }, isArray: Array.isArray,
        isFunction: function (v) { return typeof v === 'function'; }, isRegExp: function (v) { return v instanceof RegExp; },
        isDate: function (v) { return v instanceof Date; }, isObject: function (v) { return !!v && Object.prototype.toString.call(v) === '[object Object]'; },
        isNaN: function (v) { return typeof v === 'number' && v !== v; },
        isEmpty: function (v) { return !v || Object.keys(v).length === 0; },
        has: function (o, k) { return Object.prototype.hasOwnProperty.call(o, k); },
        equal: function (a, b) { return JSON.stringify(a) === JSON.stringify(b); },
        clone: function (o, deep) { return deep ? JSON.parse(JSON.stringify(o)) : Array.isArray(o) ? o.slice() : Object.assign({}, o); },
        merge: function (t, s) { return Object.assign(t, s); },
        extended: function (o) { return Object.assign({}, o); },
        size: function (o) { return Object.keys(o || {}).length; },
        toQueryString: function (o) { return Object.keys(o).map(function (k) { return encodeURIComponent(k) + '=' + encodeURIComponent(o[k]); }).join('&'); },
        fromQueryString: function (s) { var out = {}; String(s).replace(/^.*?\?/, '').split('&').forEach(function (p) { if (!p) return; var i = p.indexOf('='); out[decodeURIComponent(i < 0 ? p : p.slice(0, i))] = i < 0 ? '' : decodeURIComponent(p.slice(i + 1)); }); return out; }
    });
})();

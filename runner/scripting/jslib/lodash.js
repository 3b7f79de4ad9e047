/*
 * lodash for Postman scripts: cdp-runner's own implementation of the subset collections call,
 * written from lodash's documented behaviour (no lodash source). require('lodash') is lodash 4;
 * the legacy `_` global is lodash 3 in Postman, so `lodash3` adds lodash 3's names and argument
 * forms (pluck, where, findWhere, indexBy, sortByOrder, max(coll, iteratee), filter(coll, key,
 * value), ...). Functions of lodash that are not implemented throw
 * "require('lodash'): function NAME is not supported" when called.
 */
(function () {
    'use strict';
    // lodash 4's wrapper methods that return an unwrapped value in implicit chains (_(x).sum())
    var UNWRAPPED = /^(?:is|to(?!Pairs|Array|Path|PlainObject)|has|get$|every$|some$|find|first$|head$|last$|nth$|includes$|indexOf$|lastIndexOf$|join$|reduce|max|min|mean|sum|size$|sample$|random$|result$|forEach|each|forIn|forOwn|eq$|gt|lt|inRange$|clamp$|add$|subtract$|multiply$|divide$|ceil$|floor$|round$|camelCase|capitalize|endsWith|escape|kebabCase|lowerCase|lowerFirst|pad|parseInt|repeat|replace$|snakeCase|startCase|startsWith|trim|truncate|unescape|upperCase|upperFirst|words$|identity$|noop$|now$|times$|uniqueId$|attempt$|pop$|shift$|value$)/;
    function build(m, v3) {
        var hasOwn = Object.prototype.hasOwnProperty, toStr = Object.prototype.toString;
        var _ = function (value) { return value instanceof Wrapper ? value : new Wrapper(value, false); };
        function Wrapper(value, chained) { this.__v = value; this.__chain = chained; }
        Wrapper.prototype.value = Wrapper.prototype.valueOf = Wrapper.prototype.toJSON = function () { return this.__v; };
        Wrapper.prototype.chain = function () { this.__chain = true; return this; };
        Wrapper.prototype.toString = function () { return String(this.__v); };

        function isNil(v) { return v === null || v === undefined; }
        function isObject(v) { var t = typeof v; return v !== null && (t === 'object' || t === 'function'); }
        function isArrayLike(v) { return !isNil(v) && typeof v !== 'function' && typeof v.length === 'number' && v.length >= 0 && v.length % 1 === 0; }
        function isPlainObject(v) {
            if (!v || toStr.call(v) !== '[object Object]') return false;
            var p = Object.getPrototypeOf(v);
            return p === null || p === Object.prototype;
        }
        function toArr(c) { return isNil(c) ? [] : isArrayLike(c) ? Array.prototype.slice.call(c) : Object.keys(c).map(function (k) { return c[k]; }); }
        function entriesOf(c) {
            if (isNil(c)) return [];
            if (isArrayLike(c)) return Array.prototype.map.call(c, function (v, i) { return [i, v]; });
            return Object.keys(c).map(function (k) { return [k, c[k]]; });
        }
        function toPath(p) {
            if (Array.isArray(p)) return p.map(String);
            var out = [];
            String(p).replace(/[^.[\]]+|\[(?:(-?\d+(?:\.\d+)?)|(["'])((?:(?!\2)[^\\]|\\.)*?)\2)\]|(?=(?:\.|\[\])(?:\.|\[\]|$))/g,
                function (match, num, quote, sub) { out.push(quote ? sub : num !== undefined ? num : match); });
            return out;
        }
        function get(obj, path, dflt) {
            var parts = isNil(path) ? [] : (typeof path === 'string' && obj !== null && obj !== undefined && hasOwn.call(Object(obj), path)) ? [path] : toPath(path);
            var cur = obj;
            for (var i = 0; i < parts.length; i++) { if (isNil(cur)) return dflt; cur = cur[parts[i]]; }
            return cur === undefined ? dflt : cur;
        }
        function has(obj, path) {
            var parts = typeof path === 'string' && !isNil(obj) && hasOwn.call(Object(obj), path) ? [path] : toPath(path), cur = obj;
            for (var i = 0; i < parts.length; i++) { if (isNil(cur) || !hasOwn.call(Object(cur), parts[i])) return false; cur = cur[parts[i]]; }
            return parts.length > 0;
        }
        function set(obj, path, value) {
            if (!isObject(obj)) return obj;
            var parts = toPath(path), cur = obj;
            for (var i = 0; i < parts.length - 1; i++) {
                if (!isObject(cur[parts[i]])) cur[parts[i]] = /^\d+$/.test(parts[i + 1]) ? [] : {};
                cur = cur[parts[i]];
            }
            cur[parts[parts.length - 1]] = value;
            return obj;
        }
        function isMatch(obj, src) {
            return Object.keys(src).every(function (k) {
                if (isNil(obj) || !(k in Object(obj))) return false;
                var s = src[k], o = obj[k];
                return isObject(s) && !Array.isArray(s) && isObject(o) ? isMatch(o, s) : m.deepEqual(o, s);
            });
        }
        function iteratee(f) {
            if (isNil(f)) return identity;
            if (typeof f === 'function') return f;
            if (Array.isArray(f)) return function (o) { return m.deepEqual(get(o, f[0]), f[1]); };
            if (typeof f === 'object') return function (o) { return isMatch(o, f); };
            return function (o) { return get(o, f); };
        }
        function identity(v) { return v; }
        function each(c, f) {
            if (isNil(c)) return c;
            if (isArrayLike(c)) { for (var i = 0; i < c.length; i++) if (f(c[i], i, c) === false) break; } else {
                var ks = Object.keys(c);
                for (var j = 0; j < ks.length; j++) if (f(c[ks[j]], ks[j], c) === false) break;
            }
            return c;
        }
        function map(c, f) { f = iteratee(f); var out = []; each(c, function (v, k) { out.push(f(v, k, c)); }); return out; }
        function filter(c, f) { f = iteratee(f); var out = []; each(c, function (v, k) { if (f(v, k, c)) out.push(v); }); return out; }
        function find(c, f, from) { f = iteratee(f); var arr = entriesOf(c).slice(from || 0); for (var i = 0; i < arr.length; i++) if (f(arr[i][1], arr[i][0], c)) return arr[i][1]; return undefined; }
        function reduce(c, f, acc) {
            var first = arguments.length < 3;
            each(c, function (v, k) { if (first) { acc = v; first = false; } else acc = f(acc, v, k, c); });
            return acc;
        }
        function baseFlatten(a, depth) {
            var out = [];
            (a || []).forEach(function (v) { if (Array.isArray(v) && depth > 0) out = out.concat(baseFlatten(v, depth - 1)); else out.push(v); });
            return out;
        }
        function uniqBy(a, f) { f = iteratee(f); var seen = [], out = []; toArr(a).forEach(function (v) { var k = f(v); if (!seen.some(function (s) { return s === k || (s !== s && k !== k); })) { seen.push(k); out.push(v); } }); return out; }
        function uniqWith(a, cmp) { var out = []; toArr(a).forEach(function (v) { if (!out.some(function (o) { return cmp(v, o); })) out.push(v); }); return out; }
        function compareAsc(a, b) {
            if (a === b) return 0;
            if (a === undefined) return 1; if (b === undefined) return -1;
            if (a === null) return 1; if (b === null) return -1;
            return a > b ? 1 : a < b ? -1 : 0;
        }
        function orderBy(c, fns, orders) {
            fns = (fns === undefined ? [identity] : Array.isArray(fns) ? fns : [fns]).map(function (f) { return iteratee(f); });
            orders = orders === undefined ? [] : Array.isArray(orders) ? orders : [orders];
            return toArr(c).map(function (v, i) { return { v: v, i: i, k: fns.map(function (f) { return f(v); }) }; })
                .sort(function (a, b) {
                    for (var j = 0; j < fns.length; j++) {
                        var r = compareAsc(a.k[j], b.k[j]);
                        if (r) return String(orders[j]).toLowerCase() === 'desc' ? -r : r;
                    }
                    return a.i - b.i;
                }).map(function (x) { return x.v; });
        }
        function groupInto(c, f, add) { f = iteratee(f); var out = {}; each(c, function (v) { add(out, f(v), v); }); return out; }
        function cloneDeep(v, seen) {
            if (!isObject(v) || typeof v === 'function') return v;
            seen = seen || [];
            for (var i = 0; i < seen.length; i++) if (seen[i][0] === v) return seen[i][1];
            if (v instanceof Date) return new Date(v.getTime());
            if (v instanceof RegExp) return new RegExp(v.source, v.flags);
            var out = Array.isArray(v) ? [] : Object.create(Object.getPrototypeOf(v));
            seen.push([v, out]);
            Object.keys(v).forEach(function (k) { out[k] = cloneDeep(v[k], seen); });
            return out;
        }
        function merge(target) {
            for (var i = 1; i < arguments.length; i++) {
                var src = arguments[i];
                if (isNil(src)) continue;
                Object.keys(src).forEach(function (k) {
                    var s = src[k], t = target[k];
                    if ((isPlainObject(s) || Array.isArray(s)) && s !== t) {
                        var base = isPlainObject(s) ? (isPlainObject(t) ? t : {}) : (Array.isArray(t) ? t : isArrayLike(t) && typeof t !== 'string' ? toArr(t) : []);
                        target[k] = merge(base, s);
                    } else if (s !== undefined || !(k in target)) target[k] = s;
                });
            }
            return target;
        }
        function words(s, pattern) {
            s = String(isNil(s) ? '' : s);
            if (pattern !== undefined) return s.match(pattern) || [];
            return s.match(/[A-Z]{2,}(?=[A-Z][a-z]+[0-9]*|\b)|[A-Z]?[a-z]+[0-9]*|[A-Z]|[0-9]+/g) || [];
        }
        function caseWith(join, fn) { return function (s) { return words(String(isNil(s) ? '' : s).replace(/['\u2019]/g, '')).map(fn).join(join); }; }
        function capitalize(s) { s = String(isNil(s) ? '' : s); return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(); }
        function upperFirst(s) { s = String(isNil(s) ? '' : s); return s.charAt(0).toUpperCase() + s.slice(1); }
        function lowerFirst(s) { s = String(isNil(s) ? '' : s); return s.charAt(0).toLowerCase() + s.slice(1); }
        function range(start, end, step) {
            if (end === undefined) { end = start; start = 0; }
            step = step === undefined ? (start < end ? 1 : -1) : step;
            var out = [], n = Math.max(Math.ceil((end - start) / (step || 1)), 0);
            for (var i = 0; i < n; i++) out.push(start + i * step);
            return out;
        }
        function toNumber(v) {
            if (typeof v === 'number') return v;
            if (typeof v === 'symbol') return NaN;
            if (isObject(v)) v = typeof v.valueOf === 'function' ? v.valueOf() : v;
            if (typeof v !== 'string') return v === 0 ? v : +v;
            v = v.trim();
            if (/^0b[01]+$/i.test(v)) return parseInt(v.slice(2), 2);
            if (/^0o[0-7]+$/i.test(v)) return parseInt(v.slice(2), 8);
            if (/^[-+]0x[0-9a-f]+$/i.test(v)) return NaN;
            return +v;
        }
        function toInteger(v) {
            var n = toNumber(v);
            if (n === Infinity || n === -Infinity) return (n < 0 ? -1 : 1) * Number.MAX_VALUE;
            return n === n ? (n < 0 ? Math.ceil(n) : Math.floor(n)) : 0;
        }
        function roundTo(fn) { return function (n, p) { p = p ? toInteger(p) : 0; var f = Math.pow(10, p); return fn(toNumber(n) * f) / f; }; }
        function pad(s, len, chars, where) {
            s = String(isNil(s) ? '' : s); chars = chars === undefined ? ' ' : String(chars);
            var n = (len || 0) - s.length;
            if (n <= 0 || !chars) return s;
            function fill(k) { var r = ''; while (r.length < k) r += chars; return r.slice(0, k); }
            if (where === 'start') return fill(n) + s;
            if (where === 'end') return s + fill(n);
            return fill(Math.floor(n / 2)) + s + fill(Math.ceil(n / 2));
        }
        var uid = 0;
        if (v3) {
            // lodash 3's callback shorthands: an array is a `matches` source, (key, value) is matchesProperty
            var iteratee4 = iteratee;
            iteratee = function (f, thisArg) {
                if (typeof f === 'string' && thisArg !== undefined) return function (o) { return m.deepEqual(get(o, f), thisArg); };
                if (Array.isArray(f)) return function (o) { return isMatch(o, f); };
                return iteratee4(f);
            };
        }
        var HTML_ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
        var HTML_UNESC = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
        function diffBy(a, others, f) {
            f = iteratee(f);
            var ex = baseFlatten(others, 1).map(f);
            return toArr(a).filter(function (v) { var k = f(v); return !ex.some(function (e) { return e === k || (e !== e && k !== k); }); });
        }
        function minMaxBy(a, f, sign) {
            f = iteratee(f); var best, bestK;
            toArr(a).forEach(function (v) { var k = f(v); if (k !== null && k !== undefined && k === k && (bestK === undefined || (sign > 0 ? k > bestK : k < bestK))) { best = v; bestK = k; } });
            return best;
        }
        function sumBy(a, f) { f = iteratee(f); var s, any = false; toArr(a).forEach(function (v) { var x = f(v); if (x !== undefined) { s = any ? s + x : x; any = true; } }); return any ? s : 0; }
        function pickBy(o, f) { f = iteratee(f); var out = {}; if (isNil(o)) return out; for (var k in o) if (f(o[k], k)) out[k] = o[k]; return out; }
        function flatPaths(args) { return baseFlatten(Array.prototype.slice.call(args, 1), Infinity); }

        var fns = {
            // arrays
            chunk: function (a, n) { n = Math.max(toInteger(n === undefined ? 1 : n), 0); var arr = toArr(a), out = []; if (!n) return out; for (var i = 0; i < arr.length; i += n) out.push(arr.slice(i, i + n)); return out; },
            compact: function (a) { return toArr(a).filter(Boolean); },
            concat: function (a) { if (!arguments.length) return []; var out = Array.isArray(a) ? a.slice() : [a]; for (var i = 1; i < arguments.length; i++) { if (Array.isArray(arguments[i])) out.push.apply(out, arguments[i]); else out.push(arguments[i]); } return out; },
            difference: function (a) { return diffBy(a, Array.prototype.slice.call(arguments, 1)); },
            differenceBy: function (a) { var rest = Array.prototype.slice.call(arguments, 1), f = rest.length > 1 && !Array.isArray(rest[rest.length - 1]) ? rest.pop() : undefined; return diffBy(a, rest, f); },
            drop: function (a, n) { return toArr(a).slice(n === undefined ? 1 : Math.max(toInteger(n), 0)); },
            dropRight: function (a, n) { var arr = toArr(a); n = n === undefined ? 1 : Math.max(toInteger(n), 0); return arr.slice(0, Math.max(arr.length - n, 0)); },
            dropWhile: function (a, f) { f = iteratee(f); var arr = toArr(a), i = 0; while (i < arr.length && f(arr[i], i, arr)) i++; return arr.slice(i); },
            fill: function (a, v, s, e) { s = s || 0; e = e === undefined ? a.length : e; for (var i = s; i < e; i++) a[i] = v; return a; },
            findIndex: function (a, f, from) { f = iteratee(f); var arr = toArr(a); for (var i = from || 0; i < arr.length; i++) if (f(arr[i], i, arr)) return i; return -1; },
            findLastIndex: function (a, f, from) { f = iteratee(f); var arr = toArr(a); for (var i = from === undefined ? arr.length - 1 : from; i >= 0; i--) if (f(arr[i], i, arr)) return i; return -1; },
            head: function (a) { return toArr(a)[0]; },
            flatten: function (a) { return baseFlatten(toArr(a), 1); },
            flattenDeep: function (a) { return baseFlatten(toArr(a), Infinity); },
            flattenDepth: function (a, d) { return baseFlatten(toArr(a), d === undefined ? 1 : d); },
            fromPairs: function (p) { var o = {}; toArr(p).forEach(function (x) { o[x[0]] = x[1]; }); return o; },
            indexOf: function (a, v, from) { return toArr(a).indexOf(v, from); },
            initial: function (a) { return toArr(a).slice(0, -1); },
            intersection: function () { var arrs = toArr(arguments).map(toArr); return uniqBy(arrs[0] || []).filter(function (v) { return arrs.every(function (x) { return x.indexOf(v) >= 0; }); }); },
            intersectionBy: function () { var arrs = toArr(arguments), f = iteratee(Array.isArray(arrs[arrs.length - 1]) ? undefined : arrs.pop()); var keys = arrs.map(function (x) { return toArr(x).map(f); }); return uniqBy(toArr(arrs[0]), f).filter(function (v) { var k = f(v); return keys.every(function (ks) { return ks.indexOf(k) >= 0; }); }); },
            join: function (a, sep) { return toArr(a).join(sep === undefined ? ',' : sep); },
            last: function (a) { var arr = toArr(a); return arr[arr.length - 1]; },
            lastIndexOf: function (a, v, from) { var arr = toArr(a); return from === undefined ? arr.lastIndexOf(v) : arr.lastIndexOf(v, from); },
            nth: function (a, n) { var arr = toArr(a); n = toInteger(n || 0); return arr[n < 0 ? arr.length + n : n]; },
            pull: function (a) { var vals = Array.prototype.slice.call(arguments, 1); for (var i = a.length - 1; i >= 0; i--) if (vals.indexOf(a[i]) >= 0) a.splice(i, 1); return a; },
            pullAll: function (a, vals) { return fns.pull.apply(null, [a].concat(vals || [])); },
            remove: function (a, f) { f = iteratee(f); var out = [], keep = []; a.forEach(function (v, i) { (f(v, i, a) ? out : keep).push(v); }); a.length = 0; keep.forEach(function (v) { a.push(v); }); return out; },
            reverse: function (a) { return a.reverse(); },
            slice: function (a, s, e) { return toArr(a).slice(s, e); },
            sortedIndex: function (a, v) { var arr = toArr(a), i = 0; while (i < arr.length && arr[i] < v) i++; return i; },
            sortedUniq: function (a) { return uniqBy(a); },
            tail: function (a) { return toArr(a).slice(1); },
            take: function (a, n) { return toArr(a).slice(0, n === undefined ? 1 : Math.max(toInteger(n), 0)); },
            takeRight: function (a, n) { var arr = toArr(a); n = n === undefined ? 1 : Math.max(toInteger(n), 0); return n ? arr.slice(-n) : []; },
            takeWhile: function (a, f) { f = iteratee(f); var arr = toArr(a), i = 0; while (i < arr.length && f(arr[i], i, arr)) i++; return arr.slice(0, i); },
            union: function () { return uniqBy(baseFlatten(toArr(arguments).map(toArr), 1)); },
            unionBy: function () { var arrs = toArr(arguments), f = Array.isArray(arrs[arrs.length - 1]) ? undefined : arrs.pop(); return uniqBy(baseFlatten(arrs.map(toArr), 1), f); },
            uniq: function (a) { return uniqBy(a); },
            uniqBy: uniqBy,
            uniqWith: uniqWith,
            unzip: function (a) { var arr = toArr(a), n = Math.max.apply(null, [0].concat(arr.map(function (x) { return x.length; }))); return range(n).map(function (i) { return arr.map(function (x) { return x[i]; }); }); },
            without: function (a) { var vals = Array.prototype.slice.call(arguments, 1); return toArr(a).filter(function (v) { return vals.indexOf(v) < 0; }); },
            xor: function () { var arrs = toArr(arguments).map(function (x) { return uniqBy(x); }), all = baseFlatten(arrs, 1); return uniqBy(all.filter(function (v) { return all.filter(function (w) { return w === v; }).length === 1; })); },
            zip: function () { return fns.unzip(toArr(arguments)); },
            zipObject: function (k, v) { var o = {}; toArr(k).forEach(function (key, i) { o[key] = (v || [])[i]; }); return o; },
            // collections
            countBy: function (c, f) { return groupInto(c, f, function (o, k) { o[k] = (o[k] || 0) + 1; }); },
            forEach: function (c, f) { return each(c, iteratee(f)); },
            forEachRight: function (c, f) { var e = entriesOf(c).reverse(); for (var i = 0; i < e.length; i++) if (f(e[i][1], e[i][0], c) === false) break; return c; },
            every: function (c, f) { f = iteratee(f); var ok = true; each(c, function (v, k) { if (!f(v, k, c)) { ok = false; return false; } }); return ok; },
            filter: filter,
            find: find,
            findLast: function (c, f) { f = iteratee(f); var e = entriesOf(c).reverse(); for (var i = 0; i < e.length; i++) if (f(e[i][1], e[i][0], c)) return e[i][1]; return undefined; },
            flatMap: function (c, f) { return baseFlatten(map(c, f), 1); },
            groupBy: function (c, f) { return groupInto(c, f, function (o, k, v) { (hasOwn.call(o, k) ? o[k] : (o[k] = [])).push(v); }); },
            includes: function (c, v, from) {
                if (typeof c === 'string') return c.indexOf(v, from || 0) !== -1;
                return toArr(c).slice(from || 0).some(function (x) { return x === v || (x !== x && v !== v); });
            },
            keyBy: function (c, f) { return groupInto(c, f, function (o, k, v) { o[k] = v; }); },
            map: map,
            orderBy: orderBy,
            partition: function (c, f) { f = iteratee(f); var y = [], n = []; each(c, function (v) { (f(v) ? y : n).push(v); }); return [y, n]; },
            reduce: reduce,
            reduceRight: function (c, f, acc) { var e = entriesOf(c).reverse(), first = arguments.length < 3; e.forEach(function (p) { if (first) { acc = p[1]; first = false; } else acc = f(acc, p[1], p[0], c); }); return acc; },
            reject: function (c, f) { f = iteratee(f); return filter(c, function (v, k, o) { return !f(v, k, o); }); },
            sample: function (c) { var a = toArr(c); return a[Math.floor(Math.random() * a.length)]; },
            sampleSize: function (c, n) { return fns.shuffle(c).slice(0, n === undefined ? 1 : n); },
            shuffle: function (c) { var a = toArr(c); for (var i = a.length - 1; i > 0; i--) { var j = Math.floor(Math.random() * (i + 1)), t = a[i]; a[i] = a[j]; a[j] = t; } return a; },
            size: function (c) { return isNil(c) ? 0 : isArrayLike(c) ? c.length : Object.keys(c).length; },
            some: function (c, f) { f = iteratee(f); var ok = false; each(c, function (v, k) { if (f(v, k, c)) { ok = true; return false; } }); return ok; },
            sortBy: function (c) { var it = baseFlatten(Array.prototype.slice.call(arguments, 1), 1); return orderBy(c, it.length ? it : [identity]); },
            // functions
            negate: function (f) { return function () { return !f.apply(this, arguments); }; },
            once: function (f) { var done = false, r; return function () { if (!done) { done = true; r = f.apply(this, arguments); } return r; }; },
            memoize: function (f, resolver) { var cache = new Map(); var g = function () { var k = resolver ? resolver.apply(this, arguments) : arguments[0]; if (!cache.has(k)) cache.set(k, f.apply(this, arguments)); return cache.get(k); }; g.cache = cache; return g; },
            // lang
            castArray: function () { return !arguments.length ? [] : Array.isArray(arguments[0]) ? arguments[0] : [arguments[0]]; },
            clone: function (v) { return !isObject(v) || typeof v === 'function' ? v : Array.isArray(v) ? v.slice() : v instanceof Date ? new Date(v.getTime()) : Object.assign(Object.create(Object.getPrototypeOf(v)), v); },
            cloneDeep: function (v) { return cloneDeep(v); },
            eq: function (a, b) { return a === b || (a !== a && b !== b); },
            gt: function (a, b) { return a > b; }, gte: function (a, b) { return a >= b; },
            lt: function (a, b) { return a < b; }, lte: function (a, b) { return a <= b; },
            isArguments: function (v) { return toStr.call(v) === '[object Arguments]'; },
            isArray: Array.isArray,
            isArrayLike: isArrayLike,
            isArrayLikeObject: function (v) { return isObject(v) && isArrayLike(v); },
            isBoolean: function (v) { return v === true || v === false || toStr.call(v) === '[object Boolean]'; },
            isDate: function (v) { return toStr.call(v) === '[object Date]'; },
            isEmpty: function (v) {
                if (isNil(v)) return true;
                if (isArrayLike(v)) return !v.length;
                if (v instanceof Map || v instanceof Set) return !v.size;
                for (var k in v) if (hasOwn.call(v, k)) return false;
                return true;
            },
            isEqual: function (a, b) { return m.deepEqual(a, b); },
            isError: function (v) { return v instanceof Error || toStr.call(v) === '[object Error]'; },
            isFinite: function (v) { return typeof v === 'number' && isFinite(v); },
            isFunction: function (v) { return typeof v === 'function'; },
            isInteger: function (v) { return Number.isInteger(v); },
            isSafeInteger: function (v) { return Number.isSafeInteger(v); },
            isLength: function (v) { return typeof v === 'number' && v > -1 && v % 1 === 0 && v <= Number.MAX_SAFE_INTEGER; },
            isMap: function (v) { return v instanceof Map; },
            isSet: function (v) { return v instanceof Set; },
            isMatch: isMatch,
            isNaN: function (v) { return (typeof v === 'number' || toStr.call(v) === '[object Number]') && +v !== +v; },
            isNil: isNil,
            isNull: function (v) { return v === null; },
            isNumber: function (v) { return typeof v === 'number' || toStr.call(v) === '[object Number]'; },
            isObject: isObject,
            isObjectLike: function (v) { return v !== null && typeof v === 'object'; },
            isPlainObject: isPlainObject,
            isRegExp: function (v) { return toStr.call(v) === '[object RegExp]'; },
            isString: function (v) { return typeof v === 'string' || toStr.call(v) === '[object String]'; },
            isSymbol: function (v) { return typeof v === 'symbol'; },
            isUndefined: function (v) { return v === undefined; },
            toArray: function (v) { return typeof v === 'string' ? v.split('') : toArr(v); },
            toFinite: function (v) { var n = toNumber(v); return n === Infinity || n === -Infinity ? (n < 0 ? -1 : 1) * Number.MAX_VALUE : n === n ? n : 0; },
            toInteger: toInteger,
            toNumber: toNumber,
            toString: function (v) { return isNil(v) ? '' : Array.isArray(v) ? v.map(function (x) { return isNil(x) ? '' : String(x); }).join(',') : (v === 0 && 1 / v < 0 ? '-0' : String(v)); },
            // math
            add: function (a, b) { return a + b; }, subtract: function (a, b) { return a - b; },
            multiply: function (a, b) { return a * b; }, divide: function (a, b) { return a / b; },
            ceil: roundTo(Math.ceil), floor: roundTo(Math.floor), round: roundTo(Math.round),
            max: function (a) { return minMaxBy(a, identity, 1); }, maxBy: function (a, f) { return minMaxBy(a, f, 1); },
            min: function (a) { return minMaxBy(a, identity, -1); }, minBy: function (a, f) { return minMaxBy(a, f, -1); },
            mean: function (a) { var arr = toArr(a); return arr.length ? sumBy(arr) / arr.length : NaN; },
            meanBy: function (a, f) { var arr = toArr(a); return arr.length ? sumBy(arr, f) / arr.length : NaN; },
            sum: function (a) { return sumBy(a); }, sumBy: sumBy,
            // number
            clamp: function (n, lo, hi) { if (hi === undefined) { hi = lo; lo = undefined; } if (hi !== undefined) n = Math.min(n, hi); if (lo !== undefined) n = Math.max(n, lo); return n; },
            inRange: function (n, s, e) { if (e === undefined) { e = s; s = 0; } if (s > e) { var t = s; s = e; e = t; } return n >= s && n < e; },
            random: function (lo, hi, floating) {
                if (typeof hi === 'boolean') { floating = hi; hi = undefined; }
                if (typeof lo === 'boolean') { floating = lo; lo = undefined; }
                if (lo === undefined && hi === undefined) { lo = 0; hi = 1; } else if (hi === undefined) { hi = lo; lo = 0; }
                if (lo > hi) { var t = lo; lo = hi; hi = t; }
                if (floating || lo % 1 || hi % 1) return lo + Math.random() * (hi - lo);
                return lo + Math.floor(Math.random() * (hi - lo + 1));
            },
            // objects
            assign: function () { return Object.assign.apply(Object, toArr(arguments)); },
            assignIn: function (t) { for (var i = 1; i < arguments.length; i++) for (var k in arguments[i]) t[k] = arguments[i][k]; return t; },
            at: function (o) { return flatPaths(arguments).map(function (p) { return get(o, p); }); },
            defaults: function (t) { for (var i = 1; i < arguments.length; i++) { var s = arguments[i]; for (var k in s) if (t[k] === undefined || (t[k] === Object.prototype[k] && !hasOwn.call(t, k))) t[k] = s[k]; } return t; },
            defaultsDeep: function (t) {
                for (var i = 1; i < arguments.length; i++) {
                    var s = arguments[i];
                    Object.keys(s || {}).forEach(function (k) { if (t[k] === undefined) t[k] = cloneDeep(s[k]); else if (isPlainObject(t[k]) && isPlainObject(s[k])) fns.defaultsDeep(t[k], s[k]); });
                }
                return t;
            },
            toPairs: function (o) { return isNil(o) ? [] : Object.keys(o).map(function (k) { return [k, o[k]]; }); },
            findKey: function (o, f) { f = iteratee(f); var ks = Object.keys(o || {}); for (var i = 0; i < ks.length; i++) if (f(o[ks[i]], ks[i], o)) return ks[i]; return undefined; },
            forIn: function (o, f) { for (var k in o) if (f(o[k], k, o) === false) break; return o; },
            forOwn: function (o, f) { var ks = Object.keys(o || {}); for (var i = 0; i < ks.length; i++) if (f(o[ks[i]], ks[i], o) === false) break; return o; },
            get: get, has: has,
            hasIn: function (o, p) { var parts = toPath(p), cur = o; for (var i = 0; i < parts.length; i++) { if (isNil(cur) || !(parts[i] in Object(cur))) return false; cur = cur[parts[i]]; } return true; },
            invert: function (o) { var out = {}; Object.keys(o || {}).forEach(function (k) { out[o[k]] = k; }); return out; },
            keys: function (o) { return isNil(o) ? [] : isArrayLike(o) ? Object.keys(Object(o)) : Object.keys(o); },
            keysIn: function (o) { var out = []; for (var k in o) out.push(k); return out; },
            mapKeys: function (o, f) { f = iteratee(f); var out = {}; Object.keys(o || {}).forEach(function (k) { out[f(o[k], k, o)] = o[k]; }); return out; },
            mapValues: function (o, f) { f = iteratee(f); var out = {}; Object.keys(o || {}).forEach(function (k) { out[k] = f(o[k], k, o); }); return out; },
            merge: merge,
            omit: function (o) { var ex = flatPaths(arguments).map(String), out = {}; if (isNil(o)) return out; for (var k in o) if (ex.indexOf(k) < 0) out[k] = o[k]; ex.filter(function (p) { return p.indexOf('.') > 0; }).forEach(function (p) { fns.unset(out, p); }); return out; },
            omitBy: function (o, f) { f = iteratee(f); return pickBy(o, function (v, k) { return !f(v, k); }); },
            pick: function (o) { var out = {}; if (isNil(o)) return out; flatPaths(arguments).forEach(function (p) { if (has(o, p) || (p in Object(o))) set(out, toPath(p), get(o, p)); }); return out; },
            pickBy: pickBy,
            result: function (o, p, d) { var v = get(o, p); if (v === undefined) v = d; if (typeof v === 'function') { var parts = toPath(p); var parent = parts.length > 1 ? get(o, parts.slice(0, -1)) : o; return v.call(parent); } return v; },
            set: set,
            unset: function (o, p) { var parts = toPath(p), parent = parts.length > 1 ? get(o, parts.slice(0, -1)) : o; if (isNil(parent)) return true; return delete parent[parts[parts.length - 1]]; },
            update: function (o, p, f) { return set(o, p, f(get(o, p))); },
            values: function (o) { return isNil(o) ? [] : typeof o === 'string' ? o.split('') : Object.keys(o).map(function (k) { return o[k]; }); },
            transform: function (o, f, acc) { if (acc === undefined) acc = Array.isArray(o) ? [] : {}; each(o, function (v, k) { return f(acc, v, k, o); }); return acc; },
            // strings
            camelCase: function (s) { return words(String(isNil(s) ? '' : s).replace(/['\u2019]/g, '')).map(function (w, i) { return i ? capitalize(w) : w.toLowerCase(); }).join(''); },
            capitalize: capitalize,
            endsWith: function (s, t, pos) { return String(isNil(s) ? '' : s).endsWith(t, pos === undefined ? undefined : pos); },
            escape: function (s) { return String(isNil(s) ? '' : s).replace(/[&<>"']/g, function (c) { return HTML_ESC[c]; }); },
            unescape: function (s) { return String(isNil(s) ? '' : s).replace(/&(?:amp|lt|gt|quot|#39);/g, function (c) { return HTML_UNESC[c]; }); },
            escapeRegExp: function (s) { return String(isNil(s) ? '' : s).replace(/[\\^$.*+?()[\]{}|]/g, '\\$&'); },
            kebabCase: caseWith('-', function (w) { return w.toLowerCase(); }),
            snakeCase: caseWith('_', function (w) { return w.toLowerCase(); }),
            lowerCase: caseWith(' ', function (w) { return w.toLowerCase(); }),
            upperCase: caseWith(' ', function (w) { return w.toUpperCase(); }),
            startCase: caseWith(' ', upperFirst),
            lowerFirst: lowerFirst, upperFirst: upperFirst,
            pad: function (s, n, c) { return pad(s, n, c, 'both'); },
            padStart: function (s, n, c) { return pad(s, n, c, 'start'); },
            padEnd: function (s, n, c) { return pad(s, n, c, 'end'); },
            parseInt: function (s, radix) { return parseInt(String(s).trim(), radix || 10); },
            repeat: function (s, n) { n = n === undefined ? 1 : toInteger(n); return n > 0 ? String(isNil(s) ? '' : s).repeat(n) : ''; },
            replace: function (s, p, r) { return String(isNil(s) ? '' : s).replace(p, r); },
            split: function (s, sep, lim) { return String(isNil(s) ? '' : s).split(sep, lim); },
            startsWith: function (s, t, pos) { return String(isNil(s) ? '' : s).startsWith(t, pos || 0); },
            toLower: function (s) { return String(isNil(s) ? '' : s).toLowerCase(); },
            toUpper: function (s) { return String(isNil(s) ? '' : s).toUpperCase(); },
            trim: function (s, chars) { s = String(isNil(s) ? '' : s); if (chars === undefined) return s.trim(); var c = fns.escapeRegExp(chars); return s.replace(new RegExp('^[' + c + ']+|[' + c + ']+$', 'g'), ''); },
            trimStart: function (s, chars) { s = String(isNil(s) ? '' : s); if (chars === undefined) return s.replace(/^\s+/, ''); return s.replace(new RegExp('^[' + fns.escapeRegExp(chars) + ']+'), ''); },
            trimEnd: function (s, chars) { s = String(isNil(s) ? '' : s); if (chars === undefined) return s.replace(/\s+$/, ''); return s.replace(new RegExp('[' + fns.escapeRegExp(chars) + ']+$'), ''); },
            truncate: function (s, o) {
                s = String(isNil(s) ? '' : s); o = o || {};
                var len = o.length === undefined ? 30 : o.length, omission = o.omission === undefined ? '...' : String(o.omission);
                if (s.length <= len) return s;
                var cut = s.slice(0, Math.max(len - omission.length, 0));
                if (o.separator !== undefined) {
                    var sep = o.separator, idx = -1;
                    if (typeof sep === 'string') idx = cut.lastIndexOf(sep);
                    else { var re = new RegExp(sep.source, sep.flags.indexOf('g') < 0 ? sep.flags + 'g' : sep.flags), mm; while ((mm = re.exec(cut))) { idx = mm.index; if (!mm[0]) re.lastIndex++; } }
                    if (idx > 0) cut = cut.slice(0, idx);
                }
                return cut + omission;
            },
            words: words,
            // utilities
            attempt: function (f) { try { return f.apply(undefined, Array.prototype.slice.call(arguments, 1)); } catch (e) { return e instanceof Error ? e : new Error(e); } },
            constant: function (v) { return function () { return v; }; },
            defaultTo: function (v, d) { return v === null || v === undefined || v !== v ? d : v; },
            flow: function () { var fs = baseFlatten(toArr(arguments), 1); return function () { var r = fs.length ? fs[0].apply(this, arguments) : arguments[0]; for (var i = 1; i < fs.length; i++) r = fs[i].call(this, r); return r; }; },
            flowRight: function () { return fns.flow.apply(null, baseFlatten(toArr(arguments), 1).reverse()); },
            identity: identity,
            iteratee: iteratee,
            matches: function (src) { return function (o) { return isMatch(o, src); }; },
            matchesProperty: function (p, v) { return iteratee([p, v]); },
            noop: function () { },
            now: function () { return Date.now(); },
            property: function (p) { return function (o) { return get(o, p); }; },
            range: range,
            rangeRight: function () { return range.apply(null, arguments).reverse(); },
            stubArray: function () { return []; }, stubFalse: function () { return false; }, stubObject: function () { return {}; },
            stubString: function () { return ''; }, stubTrue: function () { return true; },
            times: function (n, f) { f = f || identity; var out = []; for (var i = 0; i < toInteger(n); i++) out.push(f(i)); return out; },
            uniqueId: function (prefix) { return (prefix === undefined ? '' : String(prefix)) + (++uid); },
            tap: function (v, f) { f(v); return v; },
            thru: function (v, f) { return f(v); }
        };
        fns.each = fns.forEach; fns.eachRight = fns.forEachRight; fns.first = fns.head;
        fns.entries = fns.toPairs; fns.extend = fns.assignIn; fns.toPath = toPath;
        fns.chain = function (v) { return new Wrapper(v, true); };
        if (v3) {
            // lodash 3: (collection, iteratee, thisArg) -- a string iteratee with a value is matchesProperty
            ['map', 'filter', 'find', 'findLast', 'findIndex', 'findLastIndex', 'reject', 'some', 'every', 'groupBy', 'countBy',
                'partition', 'sortBy', 'forEach', 'findKey', 'mapValues', 'dropWhile', 'takeWhile', 'remove'].forEach(function (name) {
                var f4 = fns[name];
                fns[name] = function (c, f, thisArg) { return f4(c, typeof f === 'string' && thisArg !== undefined ? iteratee(f, thisArg) : f); };
            });
            fns.each = fns.forEach;
            fns.max = function (c, f, t) { return minMaxBy(c, iteratee(f, t), 1); };
            fns.min = function (c, f, t) { return minMaxBy(c, iteratee(f, t), -1); };
            fns.sum = function (c, f, t) { return sumBy(toArr(c), iteratee(f, t)); };
            fns.uniq = fns.unique = function (a, isSorted, f, t) { if (typeof isSorted !== 'boolean') { t = f; f = isSorted; } return uniqBy(a, iteratee(f, t)); };
            fns.pluck = function (c, path) { return map(c, path); };
            fns.where = function (c, src) { return filter(c, src); };
            fns.findWhere = function (c, src) { return find(c, src); };
            fns.indexBy = fns.keyBy;
            fns.pairs = fns.toPairs;
            fns.object = function (keys, values) { return values === undefined && Array.isArray(keys) && keys.every(Array.isArray) ? fns.fromPairs(keys) : fns.zipObject(keys, values); };
            fns.sortByOrder = function (c, it, orders) { return orderBy(c, it, (orders || []).map(function (o) { return o === true ? 'asc' : o === false ? 'desc' : o; })); };
            fns.trunc = function (s, o) { return fns.truncate(s, typeof o === 'number' ? { length: o } : o); };
            fns.padLeft = fns.padStart; fns.padRight = fns.padEnd;
            fns.contains = fns.include = fns.includes;
            fns.all = fns.every; fns.any = fns.some; fns.collect = fns.map; fns.detect = fns.find; fns.select = fns.filter;
            fns.foldl = fns.inject = fns.reduce; fns.foldr = fns.reduceRight; fns.rest = fns.tail;
            fns.eq = fns.isEqual;
            fns.backflow = fns.compose = fns.flowRight;
            fns.callback = iteratee;
        }

        // lodash 4 functions not implemented here: calling one fails loudly
        var NOT_SUPPORTED = ['after', 'ary', 'assignInWith', 'assignWith', 'before', 'bind', 'bindAll', 'bindKey', 'cloneDeepWith',
            'cloneWith', 'cond', 'conforms', 'conformsTo', 'create', 'curry', 'curryRight', 'debounce', 'deburr', 'defer', 'delay',
            'differenceWith', 'findLastKey', 'flatMapDeep', 'flatMapDepth', 'flip', 'forInRight', 'forOwnRight', 'functions',
            'functionsIn', 'intersectionWith', 'invertBy', 'invoke', 'invokeMap', 'isArrayBuffer', 'isBuffer', 'isElement',
            'isEqualWith', 'isMatchWith', 'isNative', 'isTypedArray', 'isWeakMap', 'isWeakSet', 'mergeWith', 'method', 'methodOf',
            'mixin', 'noConflict', 'nthArg', 'over', 'overArgs', 'overEvery', 'overSome', 'partial', 'partialRight', 'propertyOf',
            'pullAllBy', 'pullAllWith', 'pullAt', 'rearg', 'rest', 'runInContext', 'setWith', 'sortedIndexBy', 'sortedIndexOf',
            'sortedLastIndex', 'sortedLastIndexBy', 'sortedLastIndexOf', 'sortedUniqBy', 'spread', 'template', 'throttle',
            'toLength', 'toPairsIn', 'entriesIn', 'toPlainObject', 'toSafeInteger', 'unary', 'unionWith', 'unzipWith', 'updateWith',
            'valuesIn', 'wrap', 'xorBy', 'xorWith', 'zipObjectDeep', 'zipWith'];
        Object.keys(fns).forEach(function (name) {
            _[name] = fns[name];
            var unwrapped = UNWRAPPED.test(name);
            Wrapper.prototype[name] = function () {
                var r = fns[name].apply(_, [this.__v].concat(Array.prototype.slice.call(arguments)));
                if (r instanceof Wrapper) return r;
                return this.__chain || !unwrapped ? new Wrapper(r, this.__chain) : r;
            };
        });
        // array methods usable in chains
        ['pop', 'push', 'shift', 'sort', 'splice', 'unshift'].forEach(function (name) {
            Wrapper.prototype[name] = function () {
                var r = Array.prototype[name].apply(this.__v, arguments);
                var chained = ['push', 'sort', 'unshift', 'splice'].indexOf(name) >= 0;
                return this.__chain || chained ? new Wrapper(['push', 'sort', 'unshift'].indexOf(name) >= 0 ? this.__v : r, this.__chain) : r;
            };
        });
        m.unsupported('lodash', NOT_SUPPORTED, _);
        _.VERSION = v3 ? '3.10.2' : '4.17.21';
        _.templateSettings = {};
        return _;
    }
    __cdp.define('lodash', function (m) { return build(m, false); });
    __cdp.define('lodash3', function (m) { return build(m, true); });
})();

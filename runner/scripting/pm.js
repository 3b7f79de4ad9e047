/*
 * cdp-runner script prelude: a Postman-compatible `pm` API for an embedded JS engine.
 *
 * Written from scratch for cdp-runner (no third-party JS is vendored). Loaded once per
 * engine context. The Python side first hands in a secret (`__cdp.seal(secret)`, before any user
 * code runs); every other call into the harness must carry it, so scripts cannot call them:
 *
 *   __cdp.run(secret, index, varsJson, contextJson, requestJson, responseJson, body, replay) -> outcomeJson
 *                                                  run compiled script #index (see run())
 *   __cdp.tick(secret)            -> outcomeJson   after the host drained promise jobs: run one
 *                                                  queued timer / finish async tests
 *   __cdp.register(secret, index, function (...) { <user source> }, uses)   (compiled by the host;
 *                                                  uses: which legacy parameters it names, see run())
 *   __cdp.load(secret, function () { <module file> })                 (modules' __cdp.define)
 *   __cdp.answer(secret, key, resultJson)          the answer to a host call
 *
 * An outcome JSON carries `pending: true` while async work (timers, async pm.test) remains.
 *
 *   __cdp.deliver(secret, id, resultJson)          hand the result of a pm.sendRequest back
 *
 * No synchronous Python callables are used: the quickjs API refuses to call into Python while
 * a time limit is set, and mini-racer only has async callbacks. So crypto-js digests come from
 * hash_fallback.js (pure JS, checked against hashlib by the tests) and pm.sendRequest works
 * like an outbox: requests are listed in the outcome (`send`), the host performs them and
 * calls __cdp.deliver(), and the callback runs as a queued timer -- Postman's async semantics.
 */
(function (G) {
    'use strict';

    var HASH = G.__cdp_fallback;
    try { delete G.__cdp_fallback; } catch (e) { /* ignore */ }
    var TAPE = G.__cdp_tape; // replayable Math.random / Date (tape.js)
    try { delete G.__cdp_tape; } catch (e) { /* ignore */ }

    // Built-ins the harness relies on, captured before any user code runs. Scripts share this
    // realm (as in Postman, globals a script defines stay for the later scripts of the run), so a
    // script may replace JSON.stringify, Array.prototype.push, String, ... for every later script.
    // Results are recorded and marshalled only through these copies, into null-prototype records,
    // and never through a method looked up on a prototype a script can change.
    var $apply = Reflect.apply, $create = Object.create, $freeze = Object.freeze, $keys = Object.keys,
        $gopd = Object.getOwnPropertyDescriptor, $stringify = JSON.stringify, $parse = JSON.parse,
        $String = String, $hasOwn = Object.prototype.hasOwnProperty, $isArray = Array.isArray;
    function ownProp(o, k) { return o !== null && typeof o === 'object' && $apply($hasOwn, o, [k]) ? o[k] : undefined; }
    /** An append-only list no script can reach or reshape: { n, 0: .., 1: .. } without a prototype. */
    function newList() { var l = $create(null); l.n = 0; return l; }
    function append(l, v) { l[l.n] = v; l.n += 1; return v; }
    function primJson(v) {
        var t = typeof v;
        return t === 'string' || t === 'boolean' || (t === 'number' && v === v && v !== 1 / 0 && v !== -1 / 0) ? $stringify(v) : 'null';
    }
    function listJson(l, item) {
        var out = '[';
        for (var i = 0; i < l.n; i++) out += (i ? ',' : '') + item(l[i]);
        return out + ']';
    }

    var hasOwn = Object.prototype.hasOwnProperty;
    var toStr = Object.prototype.toString;
    var SCOPES = ['globals', 'collection', 'environment', 'data', 'local'];
    var PRECEDENCE = ['local', 'data', 'environment', 'collection', 'globals'];

    /** Current run state; replaced at the start of every run. */
    var S = null;

    function typeOf(v) {
        if (v === null) return 'null';
        if (v === undefined) return 'undefined';
        var t = $apply(toStr, v, []).slice(8, -1);
        return t.toLowerCase();
    }

    function clone(v) {
        return v === undefined ? undefined : $parse($stringify(v));
    }

    // ------------------------------------------------------------------ inspect (loupe-like)
    var TRUNCATE = 40;
    var ELLIPSIS = '\u2026';

    function truncate(str, len) {
        str = String(str);
        if (ELLIPSIS.length > len && str.length > ELLIPSIS.length) return ELLIPSIS;
        if (str.length > len && str.length > ELLIPSIS.length) return str.slice(0, len - ELLIPSIS.length) + ELLIPSIS;
        return str;
    }

    var ESC_RE = /['\\\u0000-\u001f\u007f-\u009f\u00ad\u0600-\u0604\u070f\u17b4\u17b5\u200c-\u200f\u2028-\u202f\u2060-\u206f\ufeff\ufff0-\uffff]/g;
    var ESC = { '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r', "'": "\\'", '\\': '\\\\' };

    function inspectString(s, o) {
        s = s.replace(ESC_RE, function (c) {
            return ESC[c] || '\\u' + ('0000' + c.charCodeAt(0).toString(16)).slice(-4);
        });
        return "'" + truncate(s, o.truncate - 2) + "'";
    }

    function inspectList(list, o, item) {
        var size = list.length;
        if (size === 0) return '';
        var sep = ', ';
        var maxLen = o.truncate;
        var out = '', peek = '', cut = '';
        for (var i = 0; i < size; i++) {
            var last = i + 1 === size;
            var secondToLast = i + 2 === size;
            cut = ELLIPSIS + '(' + (size - i) + ')';
            o.truncate = maxLen - out.length - (last ? 0 : sep.length);
            var s = peek || item(list[i], o) + (last ? '' : sep);
            var nextLen = out.length + s.length;
            var cutLen = nextLen + cut.length;
            if (last && nextLen > maxLen && out.length + cut.length <= maxLen) break;
            if (!last && !secondToLast && cutLen > maxLen) break;
            peek = last ? '' : item(list[i + 1], o) + (secondToLast ? '' : sep);
            if (!last && secondToLast && cutLen > maxLen && nextLen + peek.length > maxLen) break;
            out += s;
            if (!last && !secondToLast && nextLen + peek.length >= maxLen) {
                cut = ELLIPSIS + '(' + (size - i - 1) + ')';
                break;
            }
            cut = '';
        }
        return out + cut;
    }

    function quoteKey(k) {
        if (/^[a-zA-Z_][a-zA-Z_0-9]*$/.test(k)) return k;
        return $stringify(k).replace(/'/g, "\\'").replace(/\\"/g, '"').replace(/(^"|"$)/g, "'");
    }

    function inspectProp(pair, o) {
        o.truncate -= 2;
        var k = typeof pair[0] === 'string' ? quoteKey(pair[0]) : String(pair[0]);
        o.truncate -= k.length;
        return k + ': ' + inspectValue(pair[1], o);
    }

    function inspectValue(v, o) {
        switch (typeof v) {
            case 'undefined': return 'undefined';
            case 'boolean': return String(v);
            case 'number':
                if (v === 0 && 1 / v < 0) return '-0';
                return truncate(String(v), o.truncate);
            case 'bigint': return truncate(String(v) + 'n', o.truncate);
            case 'string': return inspectString(v, o);
            case 'symbol': return String(v);
            case 'function': return v.name ? '[Function ' + truncate(v.name, o.truncate - 11) + ']' : '[Function]';
        }
        if (v === null) return 'null';
        if (o.seen.indexOf(v) >= 0) return '[Circular]';
        var t = typeOf(v);
        if (t === 'date') return isNaN(v.getTime()) ? 'Invalid Date' : truncate(v.toISOString(), o.truncate);
        if (t === 'regexp') return truncate(String(v), o.truncate);
        if (t === 'error') {
            var nm = v.name || 'Error';
            return v.message ? nm + ': ' + v.message : nm;
        }
        o.seen.push(v);
        var res;
        if (Array.isArray(v)) {
            if (v.length === 0) res = '[]';
            else {
                o.truncate -= 4;
                res = '[ ' + inspectList(v, o, inspectValue) + ' ]';
            }
        } else {
            var keys = Object.keys(v);
            var proto = Object.getPrototypeOf(v);
            var prefix = '';
            if (proto && proto !== Object.prototype && proto.constructor && proto.constructor.name) {
                prefix = proto.constructor.name + ' ';
            }
            if (keys.length === 0) res = prefix + '{}';
            else {
                o.truncate -= 4 + prefix.length;
                res = prefix + '{ ' + inspectList(keys.map(function (k) { return [k, v[k]]; }), o, inspectProp) + ' }';
            }
        }
        o.seen.pop();
        return res;
    }

    function inspect(v) {
        return inspectValue(v, { truncate: TRUNCATE, seen: [] });
    }

    function objDisplay(v) {
        var s = inspect(v);
        if (s.length >= TRUNCATE) {
            var t = $apply(toStr, v, []);
            if (t === '[object Function]') return v.name ? '[Function: ' + v.name + ']' : '[Function]';
            if (t === '[object Array]') return '[ Array(' + v.length + ') ]';
            if (t === '[object Object]') {
                var keys = Object.keys(v);
                var ks = keys.length > 2 ? keys.slice(0, 2).join(', ') + ', ...' : keys.join(', ');
                return '{ Object (' + ks + ') }';
            }
        }
        return s;
    }

    // ------------------------------------------------------------------ deep equality
    var BOXED = {
        '[object Date]': Date.prototype.getTime, '[object Boolean]': Boolean.prototype.valueOf,
        '[object Number]': Number.prototype.valueOf, '[object String]': String.prototype.valueOf,
        '[object RegExp]': RegExp.prototype.toString
    };
    /** Deep equality (chai's eql) through captured built-ins only: no script can make it lie. */
    function deepEqual(a, b, seen) {
        if (a === b) return a !== 0 || 1 / a === 1 / b;
        if (a !== a && b !== b) return true; // NaN
        if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
        var ta = $apply(toStr, a, []), tb = $apply(toStr, b, []);
        if (ta !== tb) return false;
        if ($apply($hasOwn, BOXED, [ta])) return deepEqual($apply(BOXED[ta], a, []), $apply(BOXED[ta], b, []));
        seen = seen || newList();
        for (var i = 0; i < seen.n; i++) {
            if (seen[i][0] === a && seen[i][1] === b) return true;
        }
        append(seen, [a, b]);
        var ok;
        if ($isArray(a)) {
            ok = a.length === b.length;
            for (var j = 0; ok && j < a.length; j++) ok = deepEqual(a[j], b[j], seen);
        } else {
            var inB = $create(null), nb = 0, na = 0, k;
            for (k in b) { inB[k] = true; nb++; }
            ok = true;
            for (k in a) { na++; ok = ok && inB[k] === true && deepEqual(a[k], b[k], seen); }
            ok = ok && na === nb;
        }
        seen.n -= 1;
        return ok;
    }

    // ------------------------------------------------------------------ chai-like expect
    function AssertionError(message) {
        var e = new Error(message);
        e.name = 'AssertionError';
        return e;
    }

    function Assertion(obj, msg) {
        this.__flags = { object: obj, message: msg };
    }

    // getter and setter apart: a function that reads `arguments` makes QuickJS build an arguments object per call
    function flag(a, k) { return a.__flags[k]; }
    function setFlag(a, k, v) { a.__flags[k] = v; return v; }

    Assertion.prototype.assert = function (ok, msg, negMsg, expected, actual) {
        var neg = !!flag(this, 'negate');
        if (neg ? !ok : ok) return;
        var obj = flag(this, 'object');
        var m = neg ? negMsg : msg;
        if (arguments.length < 5) actual = obj;
        m = String(m || '')
            .replace(/#\{this\}/g, function () { return objDisplay(obj); })
            .replace(/#\{act\}/g, function () { return objDisplay(actual); })
            .replace(/#\{exp\}/g, function () { return objDisplay(expected); });
        var fm = flag(this, 'message');
        throw AssertionError(fm ? fm + ': ' + m : m);
    };

    function fail(assertion, message) {
        var fm = flag(assertion, 'message');
        throw AssertionError(fm ? fm + ': ' + message : message);
    }

    function sub(parent, obj) {
        var a = new Assertion(obj, flag(parent, 'message'));
        return a;
    }

    function defChain(name, fn) {
        Object.defineProperty(Assertion.prototype, name, {
            get: function () { if (fn) $apply(fn, this, []); return this; },
            configurable: true
        });
    }

    function defMethod(names, fn) {
        names.forEach(function (n) {
            Object.defineProperty(Assertion.prototype, n, {
                value: function () { var r = $apply(fn, this, arguments); return r === undefined ? this : r; },
                writable: true, configurable: true
            });
        });
    }

    // A chainable method works as property (`.include.members`) and as call (`.include(x)`).
    function defChainable(names, method, chainFn) {
        names.forEach(function (n) {
            Object.defineProperty(Assertion.prototype, n, {
                get: function () {
                    var self = this;
                    if (chainFn) $apply(chainFn, self, []);
                    var f = function () {
                        var r = $apply(method, self, arguments);
                        return r === undefined ? self : r;
                    };
                    try { delete f.length; delete f.name; } catch (e) { /* ignore */ }
                    Object.setPrototypeOf(f, self);
                    return f;
                },
                configurable: true
            });
        });
    }

    ['to', 'be', 'been', 'is', 'that', 'which', 'and', 'has', 'have', 'with', 'at', 'of', 'same', 'but', 'does', 'still', 'also']
        .forEach(function (w) { defChain(w); });
    defChain('not', function () { setFlag(this, 'negate', !flag(this, 'negate')); });
    defChain('deep', function () { setFlag(this, 'deep', true); });
    defChain('nested', function () { setFlag(this, 'nested', true); });
    defChain('own', function () { setFlag(this, 'own', true); });
    defChain('ordered', function () { setFlag(this, 'ordered', true); });
    defChain('any', function () { setFlag(this, 'any', true); setFlag(this, 'all', false); });
    defChain('all', function () { setFlag(this, 'all', true); setFlag(this, 'any', false); });

    function assertType(type) {
        type = String(type).toLowerCase();
        var article = 'aeiou'.indexOf(type.charAt(0)) >= 0 ? 'an ' : 'a ';
        this.assert(type === typeOf(flag(this, 'object')),
            'expected #{this} to be ' + article + type,
            'expected #{this} not to be ' + article + type);
    }
    defChainable(['a', 'an'], assertType);

    function isEql(a, b) { return deepEqual(a, b); }

    function assertInclude(val) {
        var obj = flag(this, 'object');
        var t = typeOf(obj);
        var deep = !!flag(this, 'deep');
        var desc = deep ? 'deep ' : '';
        var included = false;
        if (t === 'string') {
            included = obj.indexOf(val) !== -1;
        } else if (t === 'array') {
            included = deep ? obj.some(function (x) { return isEql(x, val); }) : obj.indexOf(val) !== -1;
        } else if (t === 'set' || t === 'map') {
            var vals = t === 'set' ? Array.from(obj) : Array.from(obj.values());
            included = vals.some(function (x) { return deep ? isEql(x, val) : x === val; });
        } else {
            if (val !== Object(val)) {
                fail(this, 'the given combination of arguments (' + t + ' and ' + typeOf(val) + ') is invalid for this ' +
                    'assertion. You can use an array, a map, an object, a set, a string, or a weakset instead of a ' + typeOf(val));
            }
            var props = Object.keys(val);
            var neg = flag(this, 'negate');
            var firstErr = null, errs = 0, self = this;
            props.forEach(function (p) {
                var pa = new Assertion(obj);
                for (var k in self.__flags) pa.__flags[k] = self.__flags[k];
                if (!neg || props.length === 1) { $apply(assertProperty, pa, [p, val[p]]); return; }
                try { $apply(assertProperty, pa, [p, val[p]]); } catch (e) {
                    if (e.name !== 'AssertionError') throw e;
                    if (firstErr === null) firstErr = e;
                    errs++;
                }
            });
            if (neg && props.length > 1 && errs === props.length) throw firstErr;
            return;
        }
        this.assert(included, 'expected #{this} to ' + desc + 'include #{exp}', 'expected #{this} to not ' + desc + 'include #{exp}', val);
    }
    defChainable(['include', 'includes', 'contain', 'contains'], assertInclude, function () { setFlag(this, 'contains', true); });

    defMethod(['eql', 'eqls'], function (val) {
        this.assert(isEql(val, flag(this, 'object')),
            'expected #{this} to deeply equal #{exp}', 'expected #{this} to not deeply equal #{exp}', val, flag(this, 'object'));
    });

    defMethod(['equal', 'equals', 'eq'], function (val) {
        var obj = flag(this, 'object');
        if (flag(this, 'deep')) {
            this.assert(isEql(val, obj), 'expected #{this} to deeply equal #{exp}', 'expected #{this} to not deeply equal #{exp}', val, obj);
            return;
        }
        this.assert(val === obj, 'expected #{this} to equal #{exp}', 'expected #{this} to not equal #{exp}', val, obj);
    });

    function pathInfo(obj, path) {
        var parts = String(path).replace(/\[/g, '.[').split('.').filter(function (p) { return p !== ''; }).map(function (p) {
            var m = /^\[(\d+)\]$/.exec(p);
            return m ? parseInt(m[1], 10) : p.replace(/\\([.\[\]])/g, '$1');
        });
        var cur = obj, parent = null;
        for (var i = 0; i < parts.length; i++) {
            if (cur === null || cur === undefined) return { exists: false, value: undefined };
            parent = cur;
            cur = cur[parts[i]];
        }
        var last = parts[parts.length - 1];
        var exists = parent !== null && parent !== undefined && (Object(parent) === parent ? last in parent : Object(parent)[last] !== undefined);
        return { exists: exists, value: cur };
    }

    function hasProperty(obj, name) {
        if (obj === null || obj === undefined) return false;
        return name in Object(obj);
    }

    function assertProperty(name, val) {
        var obj = flag(this, 'object');
        if (obj === null || obj === undefined) fail(this, 'Target cannot be null or undefined');
        var nested = flag(this, 'nested'), own = flag(this, 'own'), deep = flag(this, 'deep'), neg = flag(this, 'negate');
        var info = nested ? pathInfo(obj, name) : null;
        var value = nested ? info.value : obj[name];
        var desc = (deep ? 'deep ' : '') + (own ? 'own ' : '') + (nested ? 'nested ' : '') + 'property ';
        var has = own ? $apply(hasOwn, obj, [name]) : nested ? info.exists : hasProperty(obj, name);
        // the messages are built only for an assertion that fails (inspect() is dear), unless the name is an
        // object, whose inspection may run its getters
        var lazy = name === null || typeof name !== 'object' && typeof name !== 'function', shown = lazy ? '' : inspect(name);
        var fails = function (ok) { return !lazy || (neg ? ok : !ok); };
        if (!neg || arguments.length === 1) {
            if (fails(has)) {
                if (lazy) shown = inspect(name);
                this.assert(has, 'expected #{this} to have ' + desc + shown, 'expected #{this} to not have ' + desc + shown);
            }
        }
        if (arguments.length > 1) {
            var ok = has && (deep ? isEql(val, value) : val === value);
            if (fails(ok)) {
                if (lazy) shown = inspect(name);
                this.assert(ok, 'expected #{this} to have ' + desc + shown + ' of #{exp}, but got #{act}',
                    'expected #{this} to not have ' + desc + shown + ' of #{act}', val, value);
            }
        }
        setFlag(this, 'object', value);
    }
    defMethod(['property'], assertProperty);
    defMethod(['ownProperty', 'haveOwnProperty'], function () {
        setFlag(this, 'own', true);
        return $apply(assertProperty, this, arguments);
    });
    defMethod(['nestedProperty'], function () {
        setFlag(this, 'nested', true);
        return $apply(assertProperty, this, arguments);
    });

    defMethod(['match', 'matches'], function (re) {
        this.assert(re.exec(flag(this, 'object')), 'expected #{this} to match ' + re, 'expected #{this} not to match ' + re);
    });

    defMethod(['string'], function (str) {
        var obj = flag(this, 'object');
        sub(this, obj).is.a('string');
        this.assert(obj.indexOf(str) !== -1, 'expected #{this} to contain ' + inspect(str), 'expected #{this} to not contain ' + inspect(str));
    });

    // numeric comparisons, also with .length / .lengthOf chains
    function compare(name, test, msgs) {
        return function (n) {
            var obj = flag(this, 'object');
            var doLength = flag(this, 'doLength');
            var t = typeOf(obj), nt = typeOf(n);
            var err = null;
            if (doLength && t !== 'map' && t !== 'set') sub(this, obj).to.have.property('length');
            if (!doLength && t === 'date' && nt !== 'date') err = 'the argument to ' + name + ' must be a date';
            else if (nt !== 'number' && (doLength || t === 'number')) err = 'the argument to ' + name + ' must be a number';
            else if (!doLength && t !== 'date' && t !== 'number') {
                err = 'expected ' + (t === 'string' ? "'" + obj + "'" : String(obj)) + ' to be a number or a date';
            }
            if (err) fail(this, err);
            if (doLength) {
                var desc = 'length', count;
                if (t === 'map' || t === 'set') { desc = 'size'; count = obj.size; } else count = obj.length;
                this.assert(test(count, n), 'expected #{this} to have a ' + desc + ' ' + msgs[0] + ' #{exp} but got #{act}',
                    'expected #{this} to ' + msgs[2] + ' a ' + desc + ' ' + msgs[3] + ' #{exp}', n, count);
            } else {
                this.assert(test(obj, n), 'expected #{this} to be ' + msgs[0] + ' #{exp}', 'expected #{this} to be ' + msgs[1] + ' #{exp}', n);
            }
        };
    }
    defMethod(['above', 'gt', 'greaterThan'], compare('above', function (a, b) { return a > b; }, ['above', 'at most', 'not have', 'above']));
    defMethod(['least', 'gte', 'greaterThanOrEqual'], compare('least', function (a, b) { return a >= b; }, ['at least', 'below', 'have', 'below']));
    defMethod(['below', 'lt', 'lessThan'], compare('below', function (a, b) { return a < b; }, ['below', 'at least', 'not have', 'below']));
    defMethod(['most', 'lte', 'lessThanOrEqual'], compare('most', function (a, b) { return a <= b; }, ['at most', 'above', 'have', 'above']));

    defMethod(['within'], function (start, finish) {
        var obj = flag(this, 'object');
        var doLength = flag(this, 'doLength');
        var t = typeOf(obj);
        var range = typeOf(start) === 'date' && typeOf(finish) === 'date'
            ? start.toISOString() + '..' + finish.toISOString() : start + '..' + finish;
        if (doLength) {
            var desc = 'length', count;
            if (t === 'map' || t === 'set') { desc = 'size'; count = obj.size; } else {
                sub(this, obj).to.have.property('length');
                count = obj.length;
            }
            this.assert(count >= start && count <= finish, 'expected #{this} to have a ' + desc + ' within ' + range,
                'expected #{this} to not have a ' + desc + ' within ' + range);
        } else {
            if (t !== 'number' && t !== 'date') {
                fail(this, 'expected ' + (t === 'string' ? "'" + obj + "'" : String(obj)) + ' to be a number or a date');
            }
            this.assert(obj >= start && obj <= finish, 'expected #{this} to be within ' + range, 'expected #{this} to not be within ' + range);
        }
    });

    function assertLength(n) {
        var obj = flag(this, 'object');
        var t = typeOf(obj);
        var desc = 'length', count;
        if (t === 'map' || t === 'set') { desc = 'size'; count = obj.size; } else {
            sub(this, obj).to.have.property('length');
            count = obj.length;
        }
        this.assert(count == n, 'expected #{this} to have a ' + desc + ' of #{exp} but got #{act}', // eslint-disable-line eqeqeq
            'expected #{this} to not have a ' + desc + ' of #{act}', n, count);
    }
    defChainable(['length', 'lengthOf'], assertLength, function () { setFlag(this, 'doLength', true); });

    defChain('empty', function () {
        var v = flag(this, 'object'), t = typeOf(v), count;
        if (t === 'array' || t === 'string') count = v.length;
        else if (t === 'map' || t === 'set') count = v.size;
        else if (t === 'function') fail(this, ('.empty was passed a function ' + (v.name || '')).trim());
        else {
            if (v !== Object(v)) fail(this, '.empty was passed non-string primitive ' + inspect(v));
            count = Object.keys(v).length;
        }
        this.assert(count === 0, 'expected #{this} to be empty', 'expected #{this} not to be empty');
    });
    defChain('undefined', function () {
        this.assert(flag(this, 'object') === undefined, 'expected #{this} to be undefined', 'expected #{this} not to be undefined');
    });
    defChain('null', function () {
        this.assert(flag(this, 'object') === null, 'expected #{this} to be null', 'expected #{this} not to be null');
    });
    defChain('NaN', function () {
        var v = flag(this, 'object');
        this.assert(typeof v === 'number' && v !== v, 'expected #{this} to be NaN', 'expected #{this} not to be NaN');
    });
    defChain('true', function () {
        this.assert(flag(this, 'object') === true, 'expected #{this} to be true', 'expected #{this} to be false', !flag(this, 'negate'));
    });
    defChain('false', function () {
        this.assert(flag(this, 'object') === false, 'expected #{this} to be false', 'expected #{this} to be true', !!flag(this, 'negate'));
    });
    defChain('exist', function () {
        var v = flag(this, 'object');
        this.assert(v !== null && v !== undefined, 'expected #{this} to exist', 'expected #{this} to not exist');
    });
    defChain('exists', function () {
        var v = flag(this, 'object');
        this.assert(v !== null && v !== undefined, 'expected #{this} to exist', 'expected #{this} to not exist');
    });

    defMethod(['oneOf'], function (list) {
        var v = flag(this, 'object');
        sub(this, list).to.be.an('array');
        if (flag(this, 'contains')) {
            this.assert(list.some(function (p) { return v.indexOf(p) > -1; }),
                'expected #{this} to contain one of #{exp}', 'expected #{this} to not contain one of #{exp}', list, v);
        } else if (flag(this, 'deep')) {
            this.assert(list.some(function (p) { return isEql(v, p); }),
                'expected #{this} to deeply equal one of #{exp}', 'expected #{this} to deeply equal one of #{exp}', list, v);
        } else {
            this.assert(list.indexOf(v) > -1, 'expected #{this} to be one of #{exp}', 'expected #{this} to not be one of #{exp}', list, v);
        }
    });

    function isSubsetOf(subset, superset, cmp, contains, ordered) {
        if (!contains) {
            if (subset.length !== superset.length) return false;
            superset = superset.slice();
        }
        return subset.every(function (el, idx) {
            if (ordered) return cmp ? cmp(el, superset[idx]) : el === superset[idx];
            if (!cmp) {
                var at = superset.indexOf(el);
                if (at === -1) return false;
                if (!contains) superset.splice(at, 1);
                return true;
            }
            return superset.some(function (el2, at2) {
                if (!cmp(el, el2)) return false;
                if (!contains) superset.splice(at2, 1);
                return true;
            });
        });
    }

    defMethod(['members'], function (subset) {
        var obj = flag(this, 'object');
        sub(this, obj).to.be.an('array');
        sub(this, subset).to.be.an('array');
        var contains = flag(this, 'contains'), ordered = flag(this, 'ordered');
        var what, m, nm;
        if (contains) {
            what = ordered ? 'an ordered superset' : 'a superset';
            m = 'expected #{this} to be ' + what + ' of #{exp}';
            nm = 'expected #{this} to not be ' + what + ' of #{exp}';
        } else {
            what = ordered ? 'ordered members' : 'members';
            m = 'expected #{this} to have the same ' + what + ' as #{exp}';
            nm = 'expected #{this} to not have the same ' + what + ' as #{exp}';
        }
        this.assert(isSubsetOf(subset, obj, flag(this, 'deep') ? isEql : null, contains, ordered), m, nm, subset, obj);
    });

    defMethod(['keys', 'key'], function (keys) {
        var obj = flag(this, 'object');
        var t = typeOf(obj), kt = typeOf(keys);
        var actual;
        if (t === 'map' || t === 'set') actual = Array.from(obj.keys());
        else actual = Object.keys(Object(obj));
        if (kt === 'array') {
            if (arguments.length > 1) fail(this, 'when testing keys against an object or an array you must give a single Array|Object|String argument or multiple String arguments');
        } else if (kt === 'object') {
            if (arguments.length > 1) fail(this, 'when testing keys against an object or an array you must give a single Array|Object|String argument or multiple String arguments');
            keys = Object.keys(keys);
        } else {
            keys = Array.prototype.slice.call(arguments);
        }
        keys = keys.map(function (k) { return typeof k === 'symbol' ? k : String(k); });
        if (!keys.length) fail(this, 'keys required');
        var any = flag(this, 'any'), all = flag(this, 'all'), ok;
        if (!any && !all) all = true;
        if (any) ok = keys.some(function (k) { return actual.indexOf(k) !== -1; });
        if (all) {
            ok = keys.every(function (k) { return actual.indexOf(k) !== -1; });
            if (!flag(this, 'contains')) ok = ok && keys.length === actual.length;
        }
        var str;
        if (keys.length > 1) {
            var ins = keys.map(function (k) { return inspect(k); });
            var last = ins.pop();
            str = ins.join(', ') + (all ? ', and ' : ', or ') + last;
        } else str = inspect(keys[0]);
        str = (keys.length > 1 ? 'keys ' : 'key ') + str;
        str = (flag(this, 'contains') ? 'contain ' : 'have ') + str;
        this.assert(ok, 'expected #{this} to ' + str, 'expected #{this} to not ' + str, keys.slice().sort(), actual.slice().sort());
    });

    defMethod(['instanceof', 'instanceOf'], function (ctor) {
        var name = ctor && ctor.name ? ctor.name : String(ctor);
        this.assert(flag(this, 'object') instanceof ctor, 'expected #{this} to be an instance of ' + name,
            'expected #{this} to not be an instance of ' + name);
    });

    defMethod(['satisfy', 'satisfies'], function (matcher) {
        var r = matcher(flag(this, 'object'));
        this.assert(r, 'expected #{this} to satisfy ' + objDisplay(matcher), 'expected #{this} to not satisfy' + objDisplay(matcher), !flag(this, 'negate'), r);
    });

    defMethod(['closeTo', 'approximately'], function (expected, delta) {
        var obj = flag(this, 'object');
        this.assert(Math.abs(obj - expected) <= delta, 'expected #{this} to be close to ' + expected + ' +/- ' + delta,
            'expected #{this} not to be close to ' + expected + ' +/- ' + delta);
    });

    defMethod(['throw', 'throws', 'Throw'], function (errLike) {
        var fn = flag(this, 'object'), thrown = false, err;
        sub(this, fn).is.a('function');
        try { fn(); } catch (e) { thrown = true; err = e; }
        if (errLike === undefined) {
            this.assert(thrown, 'expected #{this} to throw an error', 'expected #{this} to not throw an error but #{act} was thrown', undefined, err);
            return;
        }
        var ok = thrown;
        if (thrown && typeof errLike === 'function') ok = err instanceof errLike;
        else if (thrown && typeOf(errLike) === 'regexp') ok = errLike.test(err && err.message !== undefined ? err.message : String(err));
        else if (thrown && typeof errLike === 'string') ok = String(err && err.message !== undefined ? err.message : err).indexOf(errLike) !== -1;
        this.assert(ok, 'expected #{this} to throw ' + (typeof errLike === 'function' ? errLike.name : inspect(errLike)) + ' but ' + (thrown ? inspect(err) + ' was thrown' : 'no error was thrown'),
            'expected #{this} to not throw ' + (typeof errLike === 'function' ? errLike.name : inspect(errLike)));
    });

    defMethod(['fail'], function (message) { fail(this, message === undefined ? 'expect.fail()' : String(message)); });

    // --- chai-postman style response assertions (only meaningful on pm.response)
    function isResponse(o) { return !!(o && o.__cdpResponse); }
    function needResponse(a) {
        var o = flag(a, 'object');
        if (!isResponse(o)) fail(a, 'expecting a postman response object but got ' + objDisplay(o));
        return o;
    }

    defChain('ok', function () {
        var o = flag(this, 'object');
        if (!isResponse(o)) {
            this.assert(o, 'expected #{this} to be truthy', 'expected #{this} to be falsy');
            return;
        }
        var reason = String(o.reason()).toUpperCase();
        this.assert(reason === 'OK', 'expected response to have status reason #{exp} but got #{act}',
            'expected response to not have status reason #{act}', 'OK', reason);
        this.assert(o.code === 200, 'expected response to have status code #{exp} but got #{act}',
            'expected response to not have status code #{act}', 200, o.code);
    });
    // chai-postman's type checks
    defChain('postmanRequest', function () {
        var o = flag(this, 'object');
        this.assert(!!(o && o.__cdpRequest), 'expecting a postman request object but got #{this}', 'expecting a postman request object but got #{this}');
    });
    defChain('postmanResponse', function () {
        var o = flag(this, 'object');
        this.assert(isResponse(o), 'expecting a postman response object but got #{this}', 'expecting a postman response object but got #{this}');
    });
    defChain('postmanRequestOrResponse', function () {
        var o = flag(this, 'object');
        this.assert(!!(o && (o.__cdpRequest || isResponse(o))), 'expecting a postman request or response object but got #{this}',
            'expecting a postman request or response object but got #{this}');
    });
    var CLASSES = { info: 1, success: 2, redirection: 3, clientError: 4, serverError: 5 };
    Object.keys(CLASSES).forEach(function (name) {
        defChain(name, function () {
            var o = needResponse(this);
            this.assert(Math.floor(o.code / 100) === CLASSES[name], 'expected response code to be #{exp}XX but found #{act}',
                'expected response code to not be #{exp}XX', CLASSES[name], o.code);
        });
    });
    defChain('error', function () {
        var o = needResponse(this);
        var c = Math.floor(o.code / 100);
        this.assert(c === 4 || c === 5, 'expected response code to be 4XX or 5XX but found #{act}',
            'expected response code to not be 4XX or 5XX', null, o.code);
    });
    var REASONS = {
        accepted: [202, 'Accepted'], withoutContent: [204, 'No Content'], badRequest: [400, 'Bad Request'],
        unauthorised: [401, 'Unauthorised'], unauthorized: [401, 'Unauthorized'], forbidden: [403, 'Forbidden'],
        notFound: [404, 'Not Found'], notAcceptable: [406, 'Acceptable'], rateLimited: [429, 'Too Many Requests']
    };
    Object.keys(REASONS).forEach(function (name) {
        defChain(name, function () {
            var o = needResponse(this);
            var want = REASONS[name][1].toUpperCase(), got = String(o.reason()).toUpperCase();
            this.assert(got === want, 'expected response to have status reason #{exp} but got #{act}',
                'expected response to not have status reason #{act}', want, got);
            this.assert(o.code === REASONS[name][0], 'expected response to have status code #{exp} but got #{act}',
                'expected response to not have status code #{act}', REASONS[name][0], o.code);
        });
    });
    defMethod(['status'], function (codeOrReason) {
        var o = needResponse(this);
        if (typeof codeOrReason === 'number') {
            this.assert(o.code === codeOrReason, 'expected response to have status code #{exp} but got #{act}',
                'expected response to not have status code #{act}', codeOrReason, o.code);
        } else {
            this.assert(o.reason() === codeOrReason, 'expected response to have status reason #{exp} but got #{act}',
                'expected response to not have status reason #{act}', codeOrReason, o.reason());
        }
    });
    defMethod(['statusCode'], function (code) {
        var o = needResponse(this);
        this.assert(o.code === Number(code), 'expected response to have status code #{exp} but got #{act}',
            'expected response to not have status code #{act}', Number(code), o.code);
    });
    defMethod(['statusReason'], function (reason) {
        var o = needResponse(this);
        this.assert(o.reason() === String(reason), 'expected response to have status reason #{exp} but got #{act}',
            'expected response to not have status reason #{act}', String(reason), o.reason());
    });
    defMethod(['header'], function (key, value) {
        var o = flag(this, 'object');
        var what = isResponse(o) ? 'response' : (o && o.__cdpRequest ? 'request' : null);
        if (!what) fail(this, 'expecting a postman request or response object but got ' + objDisplay(o));
        var has = o.headers.has(key);
        this.assert(has, "expected " + what + " to have header with key '" + String(key) + "'",
            "expected " + what + " to not have header with key '" + String(key) + "'", true, has);
        if (arguments.length < 2) return;
        var actual = o.headers.get(key);
        this.assert(actual === value, "expected '" + String(key) + "' " + what + ' header to be #{exp} but got #{act}',
            "expected '" + String(key) + "' " + what + ' header to not be #{act}', value, actual);
    });
    defChain('withBody', function () {
        var o = needResponse(this), t = o.text();
        this.assert(typeof t === 'string' && t.length, 'expected response to have content in body', 'expected response to not have content in body');
    });
    function jsonParseError(o) {
        try { o.json(); return null; } catch (e) {
            if (e.name === 'JSONError' && e.message) return e.message.split('\n')[0];
            return e.name + ': ' + e.message;
        }
    }
    defChain('json', function () {
        var o = needResponse(this);
        var err = jsonParseError(o);
        this.assert(!err, 'expected response body to be a valid json but got error ' + err, 'expected response body not to be a valid json');
    });
    defMethod(['body'], function (content) {
        var o = needResponse(this), data;
        if (typeOf(content) === 'object') {
            try { data = o.json(); } catch (e) { /* leave undefined */ }
            this.assert(isEql(data, content), 'expected response body json to equal #{exp} but got #{act}',
                'expected response body json to not equal #{exp} but got #{act}', content, data);
            return;
        }
        data = o.text();
        if (arguments.length === 0) {
            this.assert(typeof data === 'string' && data.length, 'expected response to have content in body',
                'expected response to not have content in body');
            return;
        }
        if (typeOf(content) === 'regexp') {
            this.assert(content.exec(data) !== null, 'expected response body text to match #{exp} but got #{act}',
                'expected response body text #{act} to not match #{exp}', content, data);
            return;
        }
        this.assert(isEql(data, content), 'expected response body to equal #{exp} but got #{act}',
            'expected response body to not equal #{exp}', content, data);
    });
    defMethod(['jsonBody'], function (path, value) {
        var o = needResponse(this), body, err = null;
        try { body = o.json(); } catch (e) { err = jsonParseError(o); }
        if (arguments.length === 0) {
            this.assert(!err, 'expected response body to be a valid json but got error ' + err, 'expected response body not to be a valid json');
            return;
        }
        if (typeof path === 'string') {
            var info = pathInfo(body, path);
            this.assert(info.exists, 'expected #{act} in response to contain property #{exp}',
                'expected #{act} in response to not contain property #{exp}', path, body);
            if (arguments.length > 1) {
                this.assert(isEql(info.value, value), 'expected response body json at "' + path + '" to contain #{exp} but got #{act}',
                    'expected response body json at "' + path + '" to not contain #{exp} but got #{act}', value, info.value);
            }
        }
    });

    // .jsonSchema(schema): Postman's JSON Schema assertion (ajv semantics; validated by the host's
    // python-jsonschema, see jslib/schema.js)
    defMethod(['jsonSchema'], function (schema, options) {
        var obj = flag(this, 'object');
        var data = isResponse(obj) ? obj.json() : obj;  // a body that is not JSON: json() throws, as in Newman
        var res = require('ajv').__validate(schema, data, 'ajv');
        var details = res.errors.map(function (e) { return 'data' + e.dataPath + ' ' + e.message; }).join(', ');
        this.assert(res.valid, 'expected data to satisfy schema but found following errors: \n' + details,
            'expected data to not satisfy schema', schema, data);
    });

    function expect(v, msg) { return new Assertion(v, msg); }
    expect.fail = function (actual, expected, message) {
        if (arguments.length < 2) { message = actual; }
        throw AssertionError(message === undefined ? 'expect.fail()' : String(message));
    };
    var chai = { expect: expect, AssertionError: AssertionError, Assertion: Assertion, util: { inspect: inspect, objDisplay: objDisplay } };
    chai.assert = function (cond, msg) { if (!cond) throw AssertionError(msg || 'expected ' + inspect(cond) + ' to be truthy'); };

    // ------------------------------------------------------------------ variables
    function recordOp(scope, op, name, value) {
        // the value is kept as its JSON text, taken now: marshalling it later runs no script code
        append(S.ops, [scope, op, name === undefined || name === null ? null : $String(name),
            value === undefined || value === null ? 'null' : $stringify(value)]);
    }

    function resolveVar(name) {
        for (var i = 0; i < PRECEDENCE.length; i++) {
            var sc = scopeVars(PRECEDENCE[i]);
            if ($apply(hasOwn, sc, [name])) return { found: true, value: sc[name] };
        }
        return { found: false };
    }

    var DYNAMIC = {
        $guid: function () { return uuid4(); },
        $randomUUID: function () { return uuid4(); },
        $timestamp: function () { return String(Math.floor(Date.now() / 1000)); },
        $isoTimestamp: function () { return new Date().toISOString(); },
        $randomInt: function () { return String(Math.floor(Math.random() * 1001)); }
    };

    function replaceIn(str, lookup) {
        if (typeof str !== 'string') return str;
        var depth = 0, prev;
        do {
            prev = str;
            str = str.replace(/\{\{([^{}]+)\}\}/g, function (m, name) {
                var r = lookup(name);
                if (r.found) {
                    var v = r.value;
                    return v === null || v === undefined ? '' : (typeof v === 'object' ? $stringify(v) : String(v));
                }
                if ($apply(hasOwn, DYNAMIC, [name])) return DYNAMIC[name]();
                return m;
            });
            depth++;
        } while (str !== prev && depth < 19);
        return str;
    }

    function makeScope(scope, writeScope) {
        writeScope = writeScope || scope;
        var single = scope !== '*';
        function lookup(name) {
            if (!single) return resolveVar(name);
            var sc = scopeVars(scope);
            return $apply(hasOwn, sc, [name]) ? { found: true, value: sc[name] } : { found: false };
        }
        var api = {
            get: function (name) { var r = lookup(String(name)); return r.found ? r.value : undefined; },
            has: function (name) { return lookup(String(name)).found; },
            set: function (name, value) {
                if (value === undefined) value = null;
                else if (typeof value === 'function') value = String(value);
                else if (typeof value === 'object' && value !== null) value = clone(value);
                name = String(name);
                scopeVars(writeScope)[name] = value;
                recordOp(writeScope, 'set', name, value);
            },
            unset: function (name) {
                name = String(name);
                delete scopeVars(writeScope)[name];
                recordOp(writeScope, 'unset', name, null);
            },
            clear: function () {
                S.vars[writeScope] = {};
                recordOp(writeScope, 'clear', null, null);
            },
            toObject: function () {
                if (single) return clone(scopeVars(scope));
                var out = {};
                for (var i = PRECEDENCE.length - 1; i >= 0; i--) {
                    var sc = scopeVars(PRECEDENCE[i]);
                    for (var k in sc) out[k] = sc[k];
                }
                return clone(out);
            },
            toJSON: function () { return api.toObject(); },
            replaceIn: function (str) { return replaceIn(str, lookup); }
        };
        Object.defineProperty(api, 'name', { get: function () { return S && S.names ? S.names[scope] : undefined; } });
        return api;
    }

    // ------------------------------------------------------------------ headers / url / body
    function HeaderList(pairs) {
        this.members = (pairs || []).map(function (p) { return { key: String(p[0]), value: String(p[1]) }; });
    }
    function norm(h) {
        if (typeof h === 'string') {
            var i = h.indexOf(':');
            return i < 0 ? { key: h.trim(), value: '' } : { key: h.slice(0, i).trim(), value: h.slice(i + 1).trim() };
        }
        return { key: String(h.key), value: h.value === undefined || h.value === null ? '' : String(h.value) };
    }
    HeaderList.prototype = {
        constructor: HeaderList,
        _find: function (name) {  // the last member of that name, as postman-collection's PropertyList.one
            name = String(name).toLowerCase();
            for (var i = this.members.length - 1; i >= 0; i--) if (this.members[i].key.toLowerCase() === name) return i;
            return -1;
        },
        get: function (name) { var i = this._find(name); return i < 0 ? undefined : this.members[i].value; },
        one: function (name) { var i = this._find(name); return i < 0 ? undefined : this.members[i]; },
        has: function (name, value) {
            var lname = String(name).toLowerCase();
            return this.members.some(function (m) { return m.key.toLowerCase() === lname && (value === undefined || m.value === value); });
        },
        add: function (h) { this.members.push(norm(h)); },
        append: function (h) { this.members.push(norm(h)); },
        prepend: function (h) { this.members.unshift(norm(h)); },
        upsert: function (h) {
            h = norm(h);
            var i = this._find(h.key);
            if (i < 0) this.members.push(h); else this.members[i].value = h.value;
        },
        remove: function (pred) {
            var f = typeof pred === 'function' ? pred : (function (n) {
                n = String(typeof n === 'object' && n ? n.key : n).toLowerCase();
                return function (m) { return m.key.toLowerCase() === n; };
            })(pred);
            this.members = this.members.filter(function (m) { return !f(m); });
        },
        clear: function () { this.members = []; },
        count: function () { return this.members.length; },
        all: function () { return this.members.slice(); },
        idx: function (i) { return this.members[i]; },
        each: function (fn) { this.members.forEach(fn); },
        map: function (fn) { return this.members.map(fn); },
        filter: function (fn) { return this.members.filter(fn); },
        find: function (fn) { return this.members.find(fn); },
        toObject: function (excludeDisabled, caseSensitive) {  // a repeated name: all its values, in order
            var out = {};
            this.members.forEach(function (m) {
                var k = caseSensitive ? m.key : m.key.toLowerCase();
                if (!$apply($hasOwn, out, [k])) out[k] = m.value;
                else if (Array.isArray(out[k])) out[k].push(m.value);
                else out[k] = [out[k], m.value];
            });
            return out;
        },
        toJSON: function () { return this.members.map(function (m) { return { key: m.key, value: m.value }; }); },
        toString: function () { return this.members.map(function (m) { return m.key + ': ' + m.value + '\n'; }).join(''); },
        _pairs: function () { return this.members.map(function (m) { return [m.key, m.value]; }); }
    };
    Object.defineProperty(HeaderList.prototype, 'length', { get: function () { return this.members.length; } });

    function QueryList(url) { this._url = url; }
    QueryList.prototype = {
        _items: function () { return this._url._query; },
        get: function (k) { var m = this._items().find(function (q) { return q.key === k; }); return m ? m.value : undefined; },
        has: function (k) { return this._items().some(function (q) { return q.key === k; }); },
        add: function (q) { this._items().push({ key: String(q.key), value: q.value === undefined ? null : q.value }); this._url._dirty = true; },
        upsert: function (q) {
            var m = this._items().find(function (x) { return x.key === q.key; });
            if (m) m.value = q.value; else this._items().push({ key: String(q.key), value: q.value });
            this._url._dirty = true;
        },
        remove: function (k) {
            var f = typeof k === 'function' ? k : function (q) { return q.key === k; };
            this._url._query = this._items().filter(function (q) { return !f(q); });
            this._url._dirty = true;
        },
        clear: function () { this._url._query = []; this._url._dirty = true; },
        all: function () { return this._items().slice(); },
        count: function () { return this._items().length; },
        each: function (fn) { this._items().forEach(fn); },
        toObject: function () { var o = {}; this._items().forEach(function (q) { o[q.key] = q.value; }); return o; },
        toString: function () {
            return this._items().map(function (q) { return q.value === null || q.value === undefined ? q.key : q.key + '=' + q.value; }).join('&');
        }
    };

    function Url(raw) { this.update(raw); }
    Url.prototype = {
        constructor: Url,
        update: function (raw) {
            raw = String(raw === undefined || raw === null ? '' : raw);
            this._raw = raw;
            this._dirty = false;
            var hash = '', h = raw.indexOf('#');
            if (h >= 0) { hash = raw.slice(h + 1); raw = raw.slice(0, h); }
            var q = raw.indexOf('?'), qs = null;
            if (q >= 0) { qs = raw.slice(q + 1); raw = raw.slice(0, q); }
            this._base = raw;
            this._hash = hash;
            this._query = qs === null || qs === '' ? [] : qs.split('&').map(function (p) {
                var i = p.indexOf('=');
                return i < 0 ? { key: p, value: null } : { key: p.slice(0, i), value: p.slice(i + 1) };
            });
        },
        toString: function () {
            if (!this._dirty) return this._raw;
            var qs = QueryList.prototype.toString.call({ _items: function () { return this._q; }, _q: this._query });
            return this._base + (qs ? '?' + qs : '') + (this._hash ? '#' + this._hash : '');
        },
        toJSON: function () { return this.toString(); },
        _parts: function () {
            var m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?(?:[^@\/]*@)?([^:\/]*)(?::(\d+))?(\/.*)?$/.exec(this._base) || [];
            return { protocol: m[1], host: m[2] || '', port: m[3], path: m[4] || '' };
        },
        getHost: function () { return this._parts().host; },
        getPath: function () { return this._parts().path || '/'; },
        getQueryString: function () { return QueryList.prototype.toString.call(this.query); },
        getPathWithQuery: function () { var q = this.getQueryString(); return this.getPath() + (q ? '?' + q : ''); },
        getRemote: function () { var p = this._parts(); return p.host + (p.port ? ':' + p.port : ''); },
        // postman-collection's Url: a query string, one {key, value} or a list of them
        addQueryParams: function (params) {
            var list = typeof params === 'string' ? params.split('&').map(function (p) {
                var i = p.indexOf('=');
                return i < 0 ? { key: p, value: null } : { key: p.slice(0, i), value: p.slice(i + 1) };
            }) : (Array.isArray(params) ? params : [params]);
            var query = this.query;
            list.forEach(function (p) { if (p) query.add(p); });
        },
        // a key, a list of keys, or a list of {key}: every parameter of those keys goes
        removeQueryParams: function (params) {
            var keys = (Array.isArray(params) ? params : [params]).map(function (p) { return p && typeof p === 'object' ? p.key : p; });
            this.query.remove(function (q) { return keys.indexOf(q.key) >= 0; });
        }
    };
    Object.defineProperties(Url.prototype, {
        query: { get: function () { return new QueryList(this); } },
        protocol: { get: function () { return this._parts().protocol; } },
        host: { get: function () { return this._parts().host.split('.'); } },
        port: { get: function () { return this._parts().port; } },
        path: { get: function () { return this._parts().path.split('/').filter(function (s) { return s !== ''; }); } },
        hash: { get: function () { return this._hash; } }
    });

    function Body(raw) { this.mode = 'raw'; this.raw = raw; }
    Body.prototype = {
        constructor: Body,
        toString: function () { return this.raw === undefined || this.raw === null ? '' : String(this.raw); },
        update: function (b) {
            if (typeof b === 'string') { this.mode = 'raw'; this.raw = b; }
            else if (b && typeof b === 'object') { this.mode = b.mode || 'raw'; this.raw = b.raw; }
        },
        isEmpty: function () { return !this.raw; },
        toJSON: function () { return { mode: this.mode, raw: this.raw }; }
    };

    // ------------------------------------------------------------------ JSON errors (liquid-json-like)
    function jsonError(text) {
        var e = new Error();
        e.name = 'JSONError';
        if (!/\S/.test(text)) { e.message = 'No data, empty input at 1:1\n' + text + '\n^'; return e; }
        var pos = jsonErrorPos(text);
        var before = text.slice(0, pos);
        var line = before.split('\n').length;
        var col = pos - before.lastIndexOf('\n');
        var lineText = text.split('\n')[line - 1];
        var ch = text.charAt(pos);
        e.message = (pos >= text.length ? 'Unexpected end of input' : "Unexpected token '" + ch + "'") +
            ' at ' + line + ':' + col + '\n' + lineText + '\n' + new Array(col).join(' ') + '^';
        return e;
    }
    // position of the first character where a strict JSON parse fails
    function jsonErrorPos(s) {
        var i = 0, n = s.length;
        function ws() { while (i < n && ' \t\n\r'.indexOf(s[i]) >= 0) i++; }
        function bad() { throw i; }
        function lit(w) { for (var k = 0; k < w.length; k++, i++) if (s[i] !== w[k]) bad(); }
        function str() {
            i++;
            while (i < n && s[i] !== '"') {
                if (s[i] === '\\') { i++; if (i >= n) bad(); if (s[i] === 'u') { for (var k = 0; k < 4; k++) { i++; if (!/[0-9a-fA-F]/.test(s[i] || '')) bad(); } } else if ('"\\/bfnrt'.indexOf(s[i]) < 0) bad(); }
                else if (s.charCodeAt(i) < 0x20) bad();
                i++;
            }
            if (i >= n) bad();
            i++;
        }
        function num() {
            var m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(s.slice(i));
            if (!m) bad();
            i += m[0].length;
        }
        function val() {
            ws();
            var c = s[i];
            if (c === '{') {
                i++; ws();
                if (s[i] === '}') { i++; return; }
                for (;;) { ws(); if (s[i] !== '"') bad(); str(); ws(); if (s[i] !== ':') bad(); i++; val(); ws(); if (s[i] === ',') { i++; continue; } if (s[i] === '}') { i++; return; } bad(); }
            } else if (c === '[') {
                i++; ws();
                if (s[i] === ']') { i++; return; }
                for (;;) { val(); ws(); if (s[i] === ',') { i++; continue; } if (s[i] === ']') { i++; return; } bad(); }
            } else if (c === '"') str();
            else if (c === 't') lit('true');
            else if (c === 'f') lit('false');
            else if (c === 'n') lit('null');
            else if (c === '-' || (c >= '0' && c <= '9')) num();
            else bad();
        }
        try { val(); ws(); if (i < n) bad(); } catch (p) { if (typeof p === 'number') return p; throw p; }
        return n;
    }

    // ------------------------------------------------------------------ base64 / utf8 / crypto
    var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    function btoa(input) {
        input = String(input);
        var out = '';
        for (var i = 0; i < input.length; i += 3) {
            var a = input.charCodeAt(i), b = input.charCodeAt(i + 1), c = input.charCodeAt(i + 2);
            if (a > 255 || b > 255 || c > 255) {
                var err = new Error("Failed to execute 'btoa': The string to be encoded contains characters outside of the Latin1 range.");
                err.name = 'InvalidCharacterError';
                throw err;
            }
            var n = (a << 16) | ((b || 0) << 8) | (c || 0);
            out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (i + 1 < input.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < input.length ? B64[n & 63] : '=');
        }
        return out;
    }
    function atob(input) {
        input = String(input).replace(/[\t\n\f\r ]/g, '');
        if (input.length % 4 === 0) input = input.replace(/==?$/, '');
        if (input.length % 4 === 1 || /[^+/0-9A-Za-z]/.test(input)) {
            var err = new Error("Failed to execute 'atob': The string to be decoded is not correctly encoded.");
            err.name = 'InvalidCharacterError';
            throw err;
        }
        var out = '', buf = 0, bits = 0;
        for (var i = 0; i < input.length; i++) {
            buf = (buf << 6) | B64.indexOf(input[i]);
            bits += 6;
            if (bits >= 8) { bits -= 8; out += String.fromCharCode((buf >> bits) & 255); }
        }
        return out;
    }
    function utf8Encode(s) { return unescape(encodeURIComponent(String(s))); }
    function utf8Decode(b) { return decodeURIComponent(escape(b)); }
    function binToHex(b) {
        var h = '';
        for (var i = 0; i < b.length; i++) h += (b.charCodeAt(i) < 16 ? '0' : '') + b.charCodeAt(i).toString(16);
        return h;
    }
    function hexToBin(h) {
        var b = '';
        for (var i = 0; i + 1 < h.length; i += 2) b += String.fromCharCode(parseInt(h.substr(i, 2), 16));
        return b;
    }

    function WordArray(hex) { this._hex = hex; }
    WordArray.prototype = {
        constructor: WordArray,
        toString: function (encoder) { return (encoder || Enc.Hex).stringify(this); },
        concat: function (w) { this._hex += w._hex; return this; },
        clone: function () { return new WordArray(this._hex); }
    };
    Object.defineProperties(WordArray.prototype, {
        sigBytes: { get: function () { return this._hex.length / 2; } },
        words: {
            get: function () {
                var w = [];
                for (var i = 0; i < this._hex.length; i += 8) w.push(parseInt((this._hex.substr(i, 8) + '00000000').slice(0, 8), 16) | 0);
                return w;
            }
        }
    });
    var Enc = {
        Hex: {
            stringify: function (w) { return w._hex; },
            parse: function (h) { return new WordArray(String(h).toLowerCase()); }
        },
        Utf8: {
            stringify: function (w) { return utf8Decode(hexToBin(w._hex)); },
            parse: function (s) { return new WordArray(binToHex(utf8Encode(s))); }
        },
        Latin1: {
            stringify: function (w) { return hexToBin(w._hex); },
            parse: function (s) { return new WordArray(binToHex(String(s))); }
        },
        Base64: {
            stringify: function (w) { return btoa(hexToBin(w._hex)); },
            parse: function (s) { return new WordArray(binToHex(atob(s))); }
        }
    };
    function toHexInput(x) {
        if (x instanceof WordArray) return x._hex;
        return binToHex(utf8Encode(x === undefined || x === null ? '' : x));
    }
    function digest(alg, data, key) {
        var dh = toHexInput(data), kh = key === undefined ? '' : toHexInput(key);
        var out = HASH.hash(alg, dh, key === undefined ? null : kh);
        if (!out) throw new Error('crypto-js: unsupported algorithm ' + alg);
        return new WordArray(out);
    }
    var CryptoJS = { enc: Enc, lib: { WordArray: { create: function () { return new WordArray(''); } } } };
    // ciphers (AES, DES, TripleDES) and key derivation come from jslib/crypto_ciphers.js, loaded on first use
    ['AES', 'DES', 'TripleDES', 'mode', 'pad', 'format', 'algo', 'PBKDF2', 'EvpKDF'].forEach(function (name) {
        Object.defineProperty(CryptoJS, name, {
            configurable: true, enumerable: false,
            get: function () { return require('crypto-ciphers')[name]; },
            set: function (v) { Object.defineProperty(CryptoJS, name, { value: v, writable: true, configurable: true }); }
        });
    });
    Object.defineProperty(CryptoJS.lib, 'CipherParams', { configurable: true, enumerable: false, get: function () { return require('crypto-ciphers').CipherParams; } });
    CryptoJS.lib.WordArray.random = function (n) {
        var h = '';
        for (var i = 0; i < n; i++) h += (256 + Math.floor(Math.random() * 256)).toString(16).slice(1);
        return new WordArray(h);
    };
    CryptoJS.lib.WordArray.create = function (words, sigBytes) {
        if (!words) return new WordArray('');
        var h = '';
        for (var i = 0; i < words.length; i++) h += (0x100000000 + (words[i] >>> 0)).toString(16).slice(1);
        return new WordArray(h.slice(0, sigBytes === undefined ? h.length : sigBytes * 2));
    };
    // the other ciphers and rarer digests of crypto-js are not implemented: calling one fails loudly (see unsupported())
    var CRYPTO_UNSUPPORTED = ['SHA3', 'RIPEMD160', 'HmacSHA3', 'HmacRIPEMD160'];
    ['Rabbit', 'RabbitLegacy', 'RC4', 'RC4Drop'].forEach(function (cipher) {
        var c = {};
        ['encrypt', 'decrypt'].forEach(function (op) {
            c[op] = function () { throw new Error("require('crypto-js'): function " + cipher + '.' + op + ' is not supported'); };
        });
        Object.defineProperty(CryptoJS, cipher, { value: c, writable: true, configurable: true, enumerable: false });
    });
    ['MD5', 'SHA1', 'SHA224', 'SHA256', 'SHA384', 'SHA512'].forEach(function (n) {
        CryptoJS[n] = function (msg) { return digest(n.toLowerCase(), msg); };
        CryptoJS['Hmac' + n] = function (msg, key) { return digest(n.toLowerCase(), msg, key); };
    });

    function uuid4() {
        var b = [];
        if (G.crypto && typeof G.crypto.getRandomValues === 'function') {
            var a = new Uint8Array(16);
            G.crypto.getRandomValues(a);
            for (var i = 0; i < 16; i++) b.push(a[i]);
        } else {
            for (var j = 0; j < 16; j++) b.push(Math.floor(Math.random() * 256));
        }
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        var h = b.map(function (x) { return (x < 16 ? '0' : '') + x.toString(16); }).join('');
        return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
    }

    // ------------------------------------------------------------------ require() and host calls
    // Modules live in runner/scripting/jslib/*.js; each calls __cdp.define(name, factory).
    // The host evaluates a module's file into this context before a script that names it runs
    // (or, for a name only known at run time, on a `module` need -- see host() below).
    var BUILTIN = {
        'uuid': function () {
            // as in Postman's sandbox (uuid 3): the module is itself the v4 generator
            var u = function () { return uuid4(); };
            u.v4 = uuid4;
            return unsupported('uuid', ['v1', 'v3', 'v5', 'v6', 'v7', 'parse', 'stringify', 'validate', 'version'], u);
        },
        'chai': function () { return chai; },
        'crypto-js': function () { return CryptoJS; },
        'atob': function () { return atob; },
        'btoa': function () { return btoa; }
    };
    var FACTORIES = {}, INSTANCES = {};
    var INTERNAL = ['sugar', 'xml2Json', 'lodash3', 'crypto-ciphers']; // legacy globals / prototypes, not require() names in Postman
    var KNOWN = G.__cdp_module_names || [];
    try { delete G.__cdp_module_names; } catch (e) { /* ignore */ }
    function define(name, factory) { FACTORIES[name] = factory; }
    /** The module `name`, one instance per `slot` (legacy globals are instances of their own, as in Postman). */
    function instance(name, slot) {
        if ($apply(hasOwn, INSTANCES, [slot])) return INSTANCES[slot];
        if ($apply(hasOwn, FACTORIES, [name])) return (INSTANCES[slot] = FACTORIES[name](MODCTX));
        return undefined;
    }
    unsupported('crypto-js', CRYPTO_UNSUPPORTED, CryptoJS);
    function require(name) {
        name = String(name);
        if (name.indexOf('node:') === 0) name = name.slice(5);
        if ($apply(hasOwn, BUILTIN, [name])) return BUILTIN[name]();
        var mod = instance(name, name);
        if (mod !== undefined) return mod;
        if (KNOWN.indexOf(name) >= 0 && !$apply(hasOwn, ANSWERS, ['module:' + name])) return host('module', name);
        throw new Error("require('" + name + "'): module not available in cdp-runner's script sandbox " +
            '(available: ' + Object.keys(BUILTIN).concat(KNOWN).filter(function (n) { return INTERNAL.indexOf(n) < 0; }).sort().join(', ') + ')');
    }
    /** A function a module does not implement: calling it fails loudly, never returns undefined. */
    function unsupported(module, names, target) {
        names.forEach(function (n) {
            if ($apply(hasOwn, target, [n])) return;
            Object.defineProperty(target, n, {
                configurable: true, writable: true, enumerable: false,
                value: function () { throw new Error("require('" + module + "'): function " + n + ' is not supported'); }
            });
        });
        return target;
    }

    // Host calls: work done by Python (JSON Schema, XML/HTML/CSV parsing, loading a module).
    // The engines cannot call Python synchronously while a time limit is set, so a host call whose
    // answer is not known yet is recorded as a `need` and stops the script (HostNeed); the host
    // computes every need, hands the answers in through __cdp.answer() and runs the script again
    // from the start. Answers stay cached for the whole run of one script (replays included).
    var ANSWERS = {};
    function HostNeed(key) { this.name = 'HostNeed'; this.message = 'host call pending: ' + key; }
    HostNeed.prototype = Object.create(Error.prototype);
    function host(op, arg) {
        var key = op + ':' + (typeof arg === 'string' ? arg : $stringify(arg));
        if ($apply(hasOwn, ANSWERS, [key])) {
            var a = ANSWERS[key];
            if (a.error !== undefined) throw new Error(a.error);
            return a.value !== null && typeof a.value === 'object' ? clone(a.value) : a.value; // the script may change it
        }
        if (S) {
            if (!S.needKeys[key]) { S.needKeys[key] = true; S.needs.push({ key: key, op: op, arg: arg }); }
        }
        throw new HostNeed(key);
    }
    var ANSWERED = false;
    function answer(token, key, json) { checkSeal(token); ANSWERS[key] = $parse(json); ANSWERED = true; }

    // ------------------------------------------------------------------ console
    function fmt(v) {
        if (typeof v === 'string') return v;
        if (v === undefined) return 'undefined';
        if (typeof v === 'function') return '[Function' + (v.name ? ': ' + v.name : '') + ']';
        if (v instanceof Error) return String(v);
        if (typeof v === 'object' && v !== null) {
            try { return $stringify(v); } catch (e) { return inspect(v); }
        }
        return $String(v);
    }
    var consoleObj = {};
    ['log', 'info', 'warn', 'error', 'debug'].forEach(function (level) {
        consoleObj[level] = function () {
            var text = '';
            for (var i = 0; i < arguments.length; i++) text += (i ? ' ' : '') + fmt(arguments[i]);
            append(S.console, [level, $String(text)]);
        };
    });

    // ------------------------------------------------------------------ timers (own queue, run by tick)
    var timerSeq = 0;
    function setTimeout(fn, ms) {
        if (typeof fn !== 'function') return 0;
        var args = Array.prototype.slice.call(arguments, 2);
        var id = ++timerSeq;
        S.timers.push({ id: id, at: S.clock + (Number(ms) || 0), fn: fn, args: args });
        return id;
    }
    function clearTimeout(id) { S.timers = S.timers.filter(function (t) { return t.id !== id; }); }
    function setImmediate(fn) { return setTimeout.apply(null, [fn, 0].concat(Array.prototype.slice.call(arguments, 1))); }

    // ------------------------------------------------------------------ pm.test
    function settleTest(slot, err) {
        if (slot.done) return;
        slot.done = true;
        S.pendingTests--;
        if (err === undefined) slot.r[1] = true;
        else { slot.r[1] = false; slot.r[2] = errMessage(err); }
    }
    function errMessage(e) {
        if (e && typeof e === 'object' && 'message' in e) return $String(e.message);
        return $String(e);
    }
    function test(name, fn) {
        var r = [$String(name), false, null, false];
        append(S.tests, r);
        if (typeof fn !== 'function') { r[1] = true; r[3] = true; return pm; }
        var slot = { r: r, done: false };
        S.pendingTests++;
        try {
            var ret;
            if (fn.length > 0) {
                ret = fn(function done(err) { settleTest(slot, err === undefined || err === null ? undefined : err); });
                if (!(ret && typeof ret.then === 'function')) return pm;
            } else ret = fn();
            if (ret && typeof ret.then === 'function') {
                ret.then(function () { settleTest(slot, undefined); }, function (e) { settleTest(slot, e === undefined ? new Error('undefined') : e); });
            } else settleTest(slot, undefined);
        } catch (e) {
            if (isOOM(e)) throw e; // a memory-limit stop ends the script, not just this test
            settleTest(slot, e === undefined ? new Error('undefined') : e);
        }
        return pm;
    }
    // quickjs reports an exhausted memory limit as `null` (no memory left for an Error object)
    // or as InternalError('out of memory')
    function isOOM(e) {
        return e === null || (e instanceof Error && e.name === 'InternalError' && e.message === 'out of memory');
    }
    test.skip = function (name) { append(S.tests, [$String(name), true, null, true]); return pm; };

    // ------------------------------------------------------------------ pm object (built once)
    // pm.cookies / pm.response.cookies. The host may pass `cookies` (the jar's cookies for the
    // request URL, as {name, value, domain, path, expires, httpOnly, secure}); without them the
    // cookies are those the response set (its Set-Cookie headers).
    function parseSetCookie(text, requestUrl) {
        var parts = String(text).split(';');
        var first = parts.shift(), eq = first.indexOf('=');
        if (eq <= 0) return null;
        // defaults as a cookie jar stores them: host-only for the request's host, the request's directory as path
        var path = /^[a-z][a-z0-9+.-]*:\/\/[^\/?#]*(\/[^?#]*)?/i.exec(String(requestUrl || ''));
        path = path && path[1] ? path[1].replace(/\/[^\/]*$/, '') || '/' : '/';
        var c = { name: first.slice(0, eq).trim(), value: first.slice(eq + 1).trim(), domain: cookieHost(requestUrl || ''),
            path: path, expires: null, hostOnly: true, httpOnly: false, secure: false };
        parts.forEach(function (p) {
            var i = p.indexOf('='), k = (i < 0 ? p : p.slice(0, i)).trim().toLowerCase(), val = i < 0 ? '' : p.slice(i + 1).trim();
            if (k === 'domain') { c.domain = val.replace(/^\./, ''); c.hostOnly = false; }
            else if (k === 'path') c.path = val;
            else if (k === 'expires') c.expires = val;
            else if (k === 'max-age') c.maxAge = Number(val);
            else if (k === 'httponly') c.httpOnly = true;
            else if (k === 'secure') c.secure = true;
            else if (k === 'samesite') c.sameSite = val;
        });
        return c;
    }
    function cookieList(headerPairs, cookies, requestUrl) {
        var list = [];
        if (Array.isArray(cookies)) list = cookies.map(function (c) { return clone(c); });
        else (headerPairs || []).forEach(function (pair) {
            if (String(pair[0]).toLowerCase() !== 'set-cookie') return;
            var c = parseSetCookie(pair[1], requestUrl);
            if (!c) return;
            list = list.filter(function (o) { return o.name !== c.name; });
            list.push(c);
        });
        function one(name) { for (var i = list.length - 1; i >= 0; i--) if (list[i].name === name) return list[i]; return undefined; }
        return {
            get: function (name) { var c = one(name); return c ? c.value : undefined; },
            one: function (name) { return one(name); },
            has: function (name) { return !!one(name); },
            toObject: function () { var o = {}; list.forEach(function (c) { o[c.name] = c.value; }); return o; },
            count: function () { return list.length; },
            all: function () { return list.slice(); },
            each: function (fn) { list.forEach(fn); },
            map: function (fn) { return list.map(fn); },
            filter: function (fn) { return list.filter(fn); },
            find: function (fn) { return list.find(fn); },
            idx: function (i) { return list[i]; },
            toJSON: function () { return list.slice(); },
            jar: cookieJar
        };
    }
    function currentCookies() {
        var r = S && ctxResponse();
        return cookieList(r ? r.headers : [], S ? ctxMain().cookies : undefined, requestUrl());
    }
    function responseCookie(name) {
        var c = currentCookies().one(String(name));
        return c ? clone(c) : undefined;
    }
    // pm.cookies.jar(): the jar carried between requests. Reads come from the host's `cookieJar`
    // (all cookies, as {name, value, domain, path, ...}); changes are reported in the outcome as
    // `cookieOps` ([op, url, name, value]) for the host to apply to its jar.
    function cookieHost(url) {
        var m = /^[a-z][a-z0-9+.-]*:\/\/([^\/?#:]*)/i.exec(String(url)) || /^([^\/?#:]*)/.exec(String(url));
        return (m ? m[1] : '').toLowerCase();
    }
    function jarMatches(c, host) {
        var d = String(c.domain || '').replace(/^\./, '').toLowerCase();
        return !d || d === host || (host.length > d.length && host.slice(-d.length - 1) === '.' + d);
    }
    function cookieJar() {
        function later(cb, err, value) { if (typeof cb === 'function') setTimeout(function () { cb(err, value); }, 0); }
        function jarList() { return S.jar || (S.jar = (ctxMain().cookieJar || []).map(function (c) { return clone(c); })); }
        return {
            get: function (url, name, cb) {
                var host = cookieHost(url), found = jarList().filter(function (c) { return c.name === name && jarMatches(c, host); });
                later(cb, null, found.length ? found[found.length - 1].value : undefined);
            },
            getAll: function (url, opts, cb) {
                if (typeof opts === 'function') cb = opts;
                var host = cookieHost(url);
                later(cb, null, jarList().filter(function (c) { return jarMatches(c, host); }).map(clone));
            },
            set: function (url, name, value, cb) {
                var c = typeof name === 'object' && name !== null ? clone(name) : { name: String(name), value: String(value) };
                if (typeof name === 'object' && name !== null) cb = value;
                if (!c.domain) c.domain = cookieHost(url);
                var list = jarList().filter(function (o) { return !(o.name === c.name && jarMatches(o, cookieHost(url))); });
                list.push(c);
                S.jar = list;
                append(S.cookieOps, ['set', String(url), c.name, c.value]);
                later(cb, null, clone(c));
            },
            unset: function (url, name, cb) {
                var host = cookieHost(url);
                S.jar = jarList().filter(function (c) { return !(c.name === name && jarMatches(c, host)); });
                append(S.cookieOps, ['unset', String(url), String(name), null]);
                later(cb, null);
            },
            clear: function (url, cb) {
                var host = cookieHost(url);
                S.jar = jarList().filter(function (c) { return !jarMatches(c, host); });
                append(S.cookieOps, ['clear', String(url), null, null]);
                later(cb, null);
            }
        };
    }

    // Response objects share their methods and getters through RESPONSE_PROTO; a response's own
    // state is in `__s` (defining getters per object costs ~10 us a run in QuickJS).
    var RESPONSE_PROTO = {
        text: function () { return this.__s.body; },
        json: function () {  // a fresh value per call, as Newman's (parsing again costs less than a deep copy)
            var st = this.__s;
            if (st.body === undefined) { var none = new Error('"undefined" is not valid JSON'); none.name = 'JSONError'; throw none; }
            if (st.parsedOk) return $parse(st.body);
            var value;
            try { value = $parse(st.body); } catch (e) { throw jsonError(st.body); }
            st.parsedOk = true;
            return value;
        },
        reason: function () { return this.status; },
        details: function () { return { code: this.code, name: this.status, detail: '' }; },
        size: function () { return { body: (this.__s.body || '').length, header: 0, total: this.responseSize }; },
        toJSON: function () {
            return { code: this.code, status: this.status, header: this.headers.toJSON(), body: this.__s.body, responseTime: this.responseTime };
        }
    };
    Object.defineProperties(RESPONSE_PROTO, {
        cookies: {
            get: function () {
                var st = this.__s;
                return st.cookies || (st.cookies = cookieList(st.r.headers, st.r.cookies, requestUrl()));
            }
        },
        stream: { get: function () { return require('buffer').Buffer.from(this.__s.body || ''); } },
        to: { get: function () { return new Assertion(this).to; } },
        not: { get: function () { return new Assertion(this).not; } }
    });
    // A request that failed (connection refused, too many redirects...) comes with code, status, times and
    // body null: its test scripts see them undefined, as Newman's do.
    function orUndefined(v) { return v === null ? undefined : v; }
    function buildResponse(r) {
        if (!r) return undefined;
        var resp = Object.create(RESPONSE_PROTO);
        resp.__cdpResponse = true;
        resp.id = undefined;
        resp.code = orUndefined(r.code);
        resp.status = orUndefined(r.status);
        resp.responseTime = orUndefined(r.responseTime);
        resp.responseSize = orUndefined(r.responseSize);
        resp.headers = new HeaderList(r.headers);
        var body = r.code === null ? undefined : r.body === null || r.body === undefined ? '' : String(r.body);
        resp.__s = { r: r, body: body, parsedOk: false, cookies: null };
        return resp;
    }

    // pm.request.to / .not (chai-postman); on a shared prototype: defining them per request costs ~10 us a run
    var REQUEST_PROTO = {};
    Object.defineProperty(REQUEST_PROTO, 'to', { get: function () { return new Assertion(this).to; } });
    Object.defineProperty(REQUEST_PROTO, 'not', { get: function () { return new Assertion(this).not; } });
    function buildRequest(q) {
        var state = {
            url: new Url(q.url),
            method: String(q.method || 'GET'),
            headers: new HeaderList(q.headers),
            body: q.body === null || q.body === undefined ? undefined : new Body(q.body),
            hadBody: !(q.body === null || q.body === undefined)
        };
        var req = Object.create(REQUEST_PROTO);
        req.__cdpRequest = true; req.id = q.id; req.name = q.name;
        Object.defineProperties(req, {
            url: {
                enumerable: true,
                get: function () { return state.url; },
                set: function (v) { state.url = v instanceof Url ? v : new Url(typeof v === 'object' && v && v.raw !== undefined ? v.raw : String(v)); }
            },
            method: {
                enumerable: true,
                get: function () { return state.method; },
                set: function (v) { state.method = String(v).toUpperCase(); }
            },
            headers: {
                enumerable: true,
                get: function () { return state.headers; },
                set: function (v) { state.headers = v instanceof HeaderList ? v : new HeaderList((v || []).map(function (h) { h = norm(h); return [h.key, h.value]; })); }
            },
            body: {
                enumerable: true,
                get: function () {
                    if (!state.body) state.body = new Body(undefined);
                    return state.body;
                },
                set: function (v) {
                    if (v === null || v === undefined) { state.body = new Body(undefined); return; }
                    state.body = new Body(undefined);
                    state.body.update(typeof v === 'string' ? v : v);
                }
            }
        });
        req.addHeader = function (h) { state.headers.add(h); };
        req.removeHeader = function (n) { state.headers.remove(n); };
        req.upsertHeader = function (h) { state.headers.upsert(h); };
        req.getHeaders = function () { return state.headers.toObject(false, true); };
        req.addQueryParams = function (p) { state.url.addQueryParams(p); };
        req.removeQueryParams = function (p) { state.url.removeQueryParams(p); };
        req.toJSON = function () { return serializeRequest(state, q); };

        req.__state = state;
        return req;
    }

    function serializeRequest(state) {
        var body = state.body;
        var raw = body && body.raw !== undefined && body.raw !== null ? String(body.raw) : null;
        return {
            url: state.url.toString(),
            method: state.method,
            headers: state.headers._pairs(),
            body: raw === null && !state.hadBody ? null : (raw === null ? '' : raw)
        };
    }

    function setNextRequest(name) {
        S.nextSet = true;
        S.next = name === null || name === undefined ? null : String(name);
    }

    var pm = {
        environment: makeScope('environment'),
        globals: makeScope('globals'),
        collectionVariables: makeScope('collection'),
        variables: makeScope('*', 'local'),
        iterationData: makeScope('data'),
        test: test,
        expect: expect,
        require: require,
        execution: {
            setNextRequest: setNextRequest,
            skipRequest: function () { S.skip = true; },
            get location() { var c = S && ctxMain(); return c && c.info ? [c.info.requestName] : []; }
        },
        sendRequest: sendRequest,
        visualizer: { set: function () { }, clear: function () { } },
        get cookies() { return currentCookies(); }
    };
    // iterationData is read-only in Postman
    ['set', 'unset', 'clear'].forEach(function (k) { delete pm.iterationData[k]; });
    Object.defineProperties(pm, {
        response: { enumerable: true, get: function () { if (S.resp === undefined) S.resp = buildResponse(ctxResponse()); return S.resp; } },
        request: { enumerable: true, get: function () { return currentRequest(); } },
        info: { enumerable: true, get: function () { return ctxInfo(); } }
    });

    function sendRequest(req, cb) {
        var spec;
        if (typeof req === 'string') spec = { url: req, method: 'GET', headers: [], body: null };
        else {
            req = req || {};
            var hdrs = req.header || req.headers || [];
            var pairs;
            if (Array.isArray(hdrs)) pairs = hdrs.map(function (h) { h = norm(h); return [h.key, h.value]; });
            else if (hdrs instanceof HeaderList) pairs = hdrs._pairs();
            else pairs = Object.keys(hdrs).map(function (k) { return [k, String(hdrs[k])]; });
            var b = req.body, raw = null;
            if (typeof b === 'string') raw = b;
            else if (b && b.raw !== undefined) raw = String(b.raw);
            else if (b && b.mode === 'urlencoded' && Array.isArray(b.urlencoded)) {
                raw = b.urlencoded.map(function (p) { return encodeURIComponent(p.key) + '=' + encodeURIComponent(p.value); }).join('&');
            }
            spec = { url: String(req.url), method: String(req.method || 'GET').toUpperCase(), headers: pairs, body: raw };
        }
        var id = ++sendSeq;
        var entry = { cb: typeof cb === 'function' ? cb : null, resolve: null, reject: null };
        S.inflight[id] = entry;
        S.outbox.push({ id: id, request: spec });
        if (entry.cb) return undefined;
        return new Promise(function (resolve, reject) { entry.resolve = resolve; entry.reject = reject; });
    }
    var sendSeq = 0;

    function deliver(token, id, resultJson) {
        checkSeal(token);
        var entry = S && S.inflight[id];
        if (!entry) return;
        delete S.inflight[id];
        var result = $parse(resultJson);
        var err = null;
        if (result.error) { err = new Error(result.error); }
        var resp = result.response ? buildResponse(result.response) : undefined;
        setTimeout(function () {
            if (entry.cb) entry.cb(err, resp);
            else if (err) entry.reject(err);
            else entry.resolve(resp);
        }, 0);
    }

    var MODCTX = {
        require: require, host: host, unsupported: unsupported, G: G, inspect: inspect, deepEqual: deepEqual,
        atob: atob, btoa: btoa, utf8Encode: utf8Encode, utf8Decode: utf8Decode, HeaderList: HeaderList, Url: Url,
        buildResponse: buildResponse, clone: clone, typeOf: typeOf, Assertion: Assertion,
        setTimeout: setTimeout, clearTimeout: clearTimeout, setImmediate: setImmediate,
        CryptoJS: CryptoJS, WordArray: WordArray, binToHex: binToHex, hexToBin: hexToBin
    };

    // legacy `postman` object. As in Postman, set* stores a value's string form (except for
    // falsy values other than `false`) and keeps the script's `environment` / `globals` objects live.
    function legacyValue(v) {
        return (v === false || v) && typeof (v && v.toString) === 'function' ? v.toString() : v;
    }
    function legacySet(scope, legacyKey, k, v) {
        v = legacyValue(v);
        pm[scope].set(k, v);
        if (S[legacyKey]) S[legacyKey][k] = v;
    }
    function legacyUnset(scope, legacyKey, k) {
        pm[scope].unset(k);
        if (S[legacyKey]) delete S[legacyKey][k];
    }
    function legacyClear(scope, legacyKey) {
        pm[scope].clear();
        var o = S[legacyKey];
        if (o) Object.keys(o).forEach(function (k) { delete o[k]; });
    }
    var postman = {
        setEnvironmentVariable: function (k, v) { legacySet('environment', 'legacyEnv', k, v); },
        getEnvironmentVariable: function (k) { return pm.environment.get(k); },
        clearEnvironmentVariable: function (k) { legacyUnset('environment', 'legacyEnv', k); },
        clearEnvironmentVariables: function () { legacyClear('environment', 'legacyEnv'); },
        setGlobalVariable: function (k, v) { legacySet('globals', 'legacyGlobals', k, v); },
        getGlobalVariable: function (k) { return pm.globals.get(k); },
        clearGlobalVariable: function (k) { legacyUnset('globals', 'legacyGlobals', k); },
        clearGlobalVariables: function () { legacyClear('globals', 'legacyGlobals'); },
        setNextRequest: setNextRequest,
        getResponseHeader: function (n) { return ctxResponse() ? pm.response.headers.get(n) : undefined; },
        getResponseCookie: function (name) { return responseCookie(name); }
    };

    // ------------------------------------------------------------------ run / tick
    function testJson(t) {
        return '[' + primJson(t[0]) + ',' + (t[1] === true) + ',' + primJson(t[2]) + ',' + (t[3] === true) + ']';
    }
    function opJson(o) { return '[' + primJson(o[0]) + ',' + primJson(o[1]) + ',' + primJson(o[2]) + ',' + o[3] + ']'; }
    function pairJson(p) { return '[' + primJson(p[0]) + ',' + primJson(p[1]) + ']'; }
    function cookieOpJson(c) { return '[' + primJson(c[0]) + ',' + primJson(c[1]) + ',' + primJson(c[2]) + ',' + primJson(c[3]) + ']'; }

    /** Postman's legacy `tests[name] = bool`: own data properties only, read without running script code. */
    function legacyTestsJson(legacy) {
        var out = '', keys = $keys(legacy);
        for (var i = 0; i < keys.length; i++) {
            var d = $gopd(legacy, keys[i]);
            var passed = !!d && $apply($hasOwn, d, ['value']) && !!d.value;
            out += ',[' + primJson(keys[i]) + ',' + passed + ',null,false]';
        }
        return out;
    }

    // A request serialised at start-up and again with every outcome, the way pm.request is (see outcome()).
    var PROBE = buildRequest({ id: 'p', name: 'p', url: 'http://h/p?q=1#f', method: 'POST', headers: [['a', 'b']], body: 'x' }).__state;
    var PROBE_JSON = $stringify(serializeRequest(PROBE));
    function harnessIntact() {
        try { return $stringify(serializeRequest(PROBE)) === PROBE_JSON; } catch (e) { if (isOOM(e)) throw e; return false; }
    }

    /** The script's results as JSON text, built from primitives with the captured built-ins only. */
    function outcome() {
        var pending = S.timers.length > 0 || S.pendingTests > 0 || $keys(S.inflight).length > 0;
        var tests = '';
        for (var i = 0; i < S.tests.n; i++) tests += ',' + testJson(S.tests[i]);
        if (!pending) tests += legacyTestsJson(S.legacyTests);
        tests = '[' + tests.slice(1) + ']';
        var extra = '';
        try {
            // request changes, pm.sendRequest and host calls: script data, serialised in a guarded way
            if (S.req) {
                var cur = $stringify(serializeRequest(S.req.__state));
                if (cur !== S.reqOrig) extra += ',"request":' + cur;
            }
            if (S.outbox.length) extra += ',"send":' + $stringify(S.outbox.splice(0));
            if (S.needs.length) extra += ',"needs":' + $stringify(S.needs.splice(0));
        } catch (e) {
            if (!S.error) S.error = captureError(new Error('the script left its request or pm.sendRequest data unreadable: ' + errMessage(e)));
        }
        // A script that changed the built-ins a request is serialised with (a toJSON on the prototypes,
        // Array.prototype.map, ...) has broken what later scripts rely on: the host is told, runs the script
        // again in a fresh context, and reports the script's error if it does it again.
        if (!harnessIntact()) extra += ',"harness":"a request no longer serialises as it did: a built-in it uses was replaced"';
        var err = S.error;
        // fields at their default (no console lines, no error, false flags) are left out
        return '{"ops":' + listJson(S.ops, opJson) + ',"tests":' + tests +
            (S.console.n ? ',"console":' + listJson(S.console, pairJson) : '') +
            (err ? ',"error":{"message":' + primJson(err.message) + ',"stack":' + primJson(err.stack) + ',"isNull":' + (err.isNull === true) + '}' : '') +
            (S.nextSet === true ? ',"next":' + primJson(S.next) + ',"nextSet":true' : '') + (S.skip === true ? ',"skip":true' : '') +
            (S.cookieOps.n ? ',"cookieOps":' + listJson(S.cookieOps, cookieOpJson) : '') +
            (S.ran === true ? ',"ran":true' : '') + (pending ? ',"pending":true' : '') + extra + '}';
    }

    function captureError(e) {
        var msg, stack = '';
        try {
            if (e === null) msg = null;
            else if (e && typeof e === 'object' && 'message' in e) {
                msg = $String((e.name || 'Error') + ': ' + e.message);
                stack = typeof e.stack === 'string' ? e.stack : '';
            } else msg = $String(e);
        } catch (e2) {
            if (isOOM(e2)) throw e2;
            msg = 'Error: the script threw a value that cannot be read';
        }
        return { message: msg, stack: stack, isNull: e === null };
    }

    // the legacy `responseCookies`: what this response's Set-Cookie headers hold (Newman's, unlike
    // pm.cookies, does not include the jar's other cookies)
    function legacyResponseCookies(r) {
        var any = false;
        for (var i = 0; !any && i < (r.headers || []).length; i++) any = String(r.headers[i][0]).toLowerCase() === 'set-cookie';
        return any ? cookieList(r.headers, undefined, requestUrl()).all().map(clone) : [];
    }

    // What the host last sent of each variable scope: a run gets only the scopes that changed since
    // (scope -> value, null for an absent scope; see _context.py). Each run works on its own copy, so
    // what a script does to its variables never reaches these.
    var BASE = $create(null), DEEP = $create(null);  // DEEP[scope]: the scope holds an object value
    function hasObjectValue(x) {
        if (x === null || typeof x !== 'object' || $isArray(x)) return true;  // not a plain scope: scopeCopy clones it
        var keys = $keys(x);
        for (var i = 0; i < keys.length; i++) if (x[keys[i]] !== null && typeof x[keys[i]] === 'object') return true;
        return false;
    }
    function scopeCopy(x, deep) {
        if (!deep) return { ...x };  // own data properties, "__proto__" too
        if (x === null || typeof x !== 'object' || $isArray(x)) return clone(x);
        var out = {}, keys = $keys(x);
        for (var i = 0; i < keys.length; i++) {
            var k = keys[i], v = x[k];
            if (v !== null && typeof v === 'object') v = clone(v);
            if (k === '__proto__') Object.defineProperty(out, k, { value: v, writable: true, enumerable: true, configurable: true });
            else out[k] = v;
        }
        return out;
    }
    /** The run's own copy of a variable scope, made when the script first reads or writes it. */
    function scopeVars(scope) {
        var own = S.vars[scope];
        if (own === undefined) own = S.vars[scope] = scopeCopy(BASE[scope] || {}, DEEP[scope]);
        return own;
    }

    // Which of its dearer legacy parameters a script names (register()'s `uses`, worked out by the host
    // from the source, see _context.py): the others are never built. Bits: environment 1, globals 2,
    // data 4, responseBody 8, responseCode 16, responseHeaders 32, request 64, responseCookies 128,
    // responseTime 256, iteration 512.
    var ALL_LEGACY = ~0, RESPONSE_PARAMS = 8 | 16 | 32 | 128 | 256;

    // The rest of the context (info, cookies, ...), the request and the response come as JSON texts of
    // their own, each parsed when first read.
    function ctxMain() {
        if (S.ctxText !== null) { S.ctx = $parse(S.ctxText); S.ctxText = null; }
        return S.ctx;
    }
    function ctxInfo() {
        if (S.info === null) S.info = ownProp(ctxMain(), 'info') || {};
        return S.info;
    }
    function ctxRequest() {
        if (S.reqText !== null) { S.ctxReq = $parse(S.reqText); S.reqText = null; }
        return S.ctxReq;
    }
    function ctxResponse() {
        if (S.respText !== null) {
            var r = S.ctxResp = $parse(S.respText);
            S.respText = null;
            if (r !== null && typeof r === 'object' && typeof S.respBody === 'string') r.body = S.respBody;
        }
        return S.ctxResp;
    }
    function requestUrl() { var q = S && ctxRequest(); return q ? q.url : ''; }
    function requestSpec() {
        if (S.q === null) S.q = ctxRequest() || { url: '', method: 'GET', headers: [], body: null };
        return S.q;
    }

    /** Run script #index. varsJson: the variable scopes that changed since the last run (see BASE), ''
     * when none did; contextJson, requestJson, responseJson: the rest of the run's context (pm.info, the
     * cookies, iterationData), its request and its response, whose body may come apart as respBody (a
     * string, else null); replay: a run again after host calls. */
    function run(token, index, varsJson, ctxJson, reqJson, respJson, respBody, replay) {
        checkSeal(token);
        var sent = varsJson ? $parse(varsJson) : null;
        if (sent) {
            for (var s = 0; s < SCOPES.length; s++) {
                var name = SCOPES[s];
                if (!$apply($hasOwn, sent, [name])) continue;
                BASE[name] = sent[name];
                DEEP[name] = hasObjectValue(sent[name] || {});
            }
        }
        // One state object, its every field set afresh each run: ~4 us cheaper in QuickJS than a new
        // 33-field object literal (each field of a new object is a shape change). Nothing keeps a run's
        // state past the run (everything reads S when called), so no earlier run sees the new values.
        var st = S || (S = { __proto__: null });
        st.vars = $create(null); st.ops = newList(); st.tests = newList(); st.console = newList(); st.error = null;
        st.timers = []; st.clock = 0; st.pendingTests = 0; st.next = undefined; st.nextSet = false; st.skip = false;
        st.resp = undefined; st.legacyTests = {}; st.outbox = []; st.inflight = {}; st.ran = false; st.needs = [];
        st.needKeys = {}; st.cookieOps = newList(); st.jar = null; st.legacyEnv = null; st.legacyGlobals = null;
        st.q = null; st.req = null; st.reqOrig = null;
        // the context's parts as JSON texts until first read (ctxMain(), ctxRequest(), ctxResponse())
        st.ctxText = typeof ctxJson === 'string' ? ctxJson : 'null'; st.ctx = null; st.info = null;
        st.reqText = typeof reqJson === 'string' ? reqJson : 'null'; st.ctxReq = null;
        st.respText = typeof respJson === 'string' ? respJson : 'null'; st.ctxResp = null; st.respBody = respBody;
        if (!BASE.data) {  // a context without a data scope: iterationData stands in
            var iterationData = ownProp(ctxMain(), 'iterationData');
            if (iterationData) S.vars.data = iterationData;
        }
        if (!replay && ANSWERED) { ANSWERS = {}; ANSWERED = false; }
        TAPE.begin(!!replay);
        var fn = SCRIPTS[index], uses = MASKS[index];
        if (uses & 1) S.legacyEnv = clone(scopeVars('environment'));
        if (uses & 2) S.legacyGlobals = clone(scopeVars('globals'));
        var r = uses & RESPONSE_PARAMS ? ctxResponse() : null;
        var hdrObj;
        if (r && (uses & 32)) {
            hdrObj = {};
            (r.headers || []).forEach(function (h) { hdrObj[h[0]] = h[1]; });
        }
        var q = uses & 64 ? requestSpec() : null;
        var legacyReq = !q ? undefined : {
            id: q.id, name: q.name, description: q.description, url: String(q.url), method: q.method,
            headers: (q.headers || []).reduce(function (o, h) { o[h[0]] = h[1]; return o; }, {}),
            data: q.body === null || q.body === undefined ? {} : q.body
        };
        try {
            if (typeof fn !== 'function') throw new Error('script #' + index + ' was not compiled by the host');
            $apply(fn, G, [$create(pm), postman, consoleObj, require, S.legacyEnv, S.legacyGlobals,
                uses & 4 ? clone(scopeVars('data')) : undefined,
                S.legacyTests, r && (uses & 8) && r.code !== null ? String(r.body === null || r.body === undefined ? '' : r.body) : undefined,
                r && (uses & 16) ? { code: orUndefined(r.code), name: orUndefined(r.status), detail: orUndefined(r.status) } : undefined,
                r ? hdrObj : undefined, r ? orUndefined(r.responseTime) : undefined, legacyReq,
                uses & 512 ? ctxInfo().iteration || 0 : 0, CryptoJS, setTimeout, clearTimeout, setImmediate, atob, btoa,
                r && (uses & 128) ? legacyResponseCookies(r) : undefined]);
        } catch (e) {
            S.error = captureError(e);
        }
        return outcome();
    }

    /** pm.request, built on first use; the outcome reports it only if it was built and then changed. */
    function currentRequest() {
        if (S.req === null) {
            S.req = buildRequest(requestSpec());
            S.reqOrig = $stringify(serializeRequest(S.req.__state));
        }
        return S.req;
    }

    function tick(token) {
        checkSeal(token);
        if (!S) return 'null';
        S.ran = false;
        if (S.timers.length) {
            S.ran = true;
            S.timers.sort(function (a, b) { return a.at - b.at || a.id - b.id; });
            var t = S.timers.shift();
            if (t.at > S.clock) S.clock = t.at;
            try { $apply(t.fn, G, t.args); } catch (e) { if (!S.error) S.error = captureError(e); }
            return outcome();
        }
        if (S.pendingTests > 0 && Object.keys(S.inflight).length === 0) {
            // nothing left that could settle them
            for (var i = 0; i < S.tests.n; i++) {
                var r = S.tests[i];
                if (r[1] === false && r[2] === null && !r[3]) r[2] = 'test did not complete: its promise never settled / done() was never called';
            }
            S.pendingTests = 0;
        }
        return outcome();
    }

    // Compiled scripts live here, out of every script's reach: the host registers each one with the
    // seal it handed in before any user code ran (seal()), so no script can replace a later one.
    var SCRIPTS = [], MASKS = [], SEAL = null, LOADING = false;
    function seal(token) { if (SEAL === null && typeof token === 'string' && token.length >= 16) SEAL = token; }
    function checkSeal(token) { if (SEAL === null || token !== SEAL) throw new Error('cdp-runner: not called by the host'); }
    function register(token, index, fn, uses) {
        checkSeal(token);
        // a new slot, or one the host reuses for a new script (it keeps a bounded number: _compiled.py)
        if (typeof index !== 'number' || !(index >= 0 && index <= SCRIPTS.length) || index % 1 !== 0 || typeof fn !== 'function') {
            throw new Error('cdp-runner: script registry out of order');
        }
        SCRIPTS[index] = fn;
        MASKS[index] = typeof uses === 'number' ? uses : ALL_LEGACY;
    }
    /** Evaluate a module file: only then may __cdp.define() add modules, and never replace one. */
    function load(token, body) {
        checkSeal(token);
        LOADING = true;
        try { body(); } finally { LOADING = false; }
    }
    function defineModule(name, factory) {
        if (!LOADING || $apply(hasOwn, FACTORIES, [name])) throw new Error('cdp-runner: modules are defined by the host only');
        define(name, factory);
    }

    // The API objects every script shares are frozen: a script cannot re-wire pm.test, pm.expect, a
    // variable scope, the assertion or request/response methods for the scripts after it. Each
    // script gets a pm of its own (an object whose prototype is the shared pm), as in Postman.
    [pm.environment, pm.globals, pm.collectionVariables, pm.variables, pm.iterationData, pm.execution,
        pm.visualizer, test, expect, chai, chai.util, Assertion.prototype, postman, consoleObj, pm,
        HeaderList.prototype, QueryList.prototype, Url.prototype, Body.prototype, RESPONSE_PROTO]
        .forEach(function (o) { $freeze(o); });

    var api = {
        run: run, tick: tick, deliver: deliver, inspect: inspect, define: defineModule, answer: answer,
        seal: seal, register: register, load: load
    };
    Object.defineProperty(G, '__cdp', { value: Object.freeze(api), writable: false, configurable: false, enumerable: false });

    // globals commonly used by Postman scripts
    G.atob = atob;
    G.btoa = btoa;
    // Postman's legacy globals backed by modules, loaded on first use
    [['_', 'lodash3'], ['tv4', 'tv4'], ['cheerio', 'cheerio'], ['Backbone', 'backbone'], ['xml2Json', 'xml2Json']]
        .forEach(function (pair) {
            Object.defineProperty(G, pair[0], {
                configurable: true, enumerable: false,
                get: function () { var mod = instance(pair[1], 'global:' + pair[0]); return mod !== undefined ? mod : require(pair[1]); },
                set: function (v) { Object.defineProperty(G, pair[0], { value: v, writable: true, configurable: true }); }
            });
        });
})(globalThis);

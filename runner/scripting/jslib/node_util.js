/*
 * Node's util, events, stream (minimal), timers and assert for Postman scripts: cdp-runner's own code.
 */
(function () {
    'use strict';
    __cdp.define('events', function () {
        function EventEmitter() { this._events = {}; this._max = 10; }
        var E = EventEmitter.prototype;
        function list(self, n) { if (!self._events) self._events = {}; return self._events[n] || (self._events[n] = []); }
        E.on = E.addListener = function (n, fn) { if (this._events && this._events.newListener) this.emit('newListener', n, fn); list(this, n).push(fn); return this; };
        E.prependListener = function (n, fn) { list(this, n).unshift(fn); return this; };
        E.once = function (n, fn) { var self = this; function w() { self.removeListener(n, w); return fn.apply(this, arguments); } w.listener = fn; return this.on(n, w); };
        E.prependOnceListener = function (n, fn) { var self = this; function w() { self.removeListener(n, w); return fn.apply(this, arguments); } w.listener = fn; return this.prependListener(n, w); };
        E.off = E.removeListener = function (n, fn) {
            var l = list(this, n);
            for (var i = l.length - 1; i >= 0; i--) if (l[i] === fn || l[i].listener === fn) { l.splice(i, 1); break; }
            return this;
        };
        E.removeAllListeners = function (n) { if (n === undefined) this._events = {}; else delete this._events[n]; return this; };
        E.emit = function (n) {
            var args = Array.prototype.slice.call(arguments, 1), l = list(this, n).slice();
            if (n === 'error' && !l.length) throw args[0] instanceof Error ? args[0] : new Error('Unhandled error. (' + args[0] + ')');
            var self = this;
            l.forEach(function (fn) { fn.apply(self, args); });
            return l.length > 0;
        };
        E.listeners = function (n) { return list(this, n).map(function (f) { return f.listener || f; }); };
        E.rawListeners = function (n) { return list(this, n).slice(); };
        E.listenerCount = function (n) { return list(this, n).length; };
        E.eventNames = function () { var ev = this._events || {}; return Object.keys(ev).filter(function (k) { return ev[k].length; }); };
        E.setMaxListeners = function (n) { this._max = n; return this; };
        E.getMaxListeners = function () { return this._max; };
        EventEmitter.EventEmitter = EventEmitter;
        EventEmitter.defaultMaxListeners = 10;
        EventEmitter.listenerCount = function (em, n) { return em.listenerCount(n); };
        EventEmitter.once = function (em, n) { return new Promise(function (resolve) { em.once(n, function () { resolve(Array.prototype.slice.call(arguments)); }); }); };
        return EventEmitter;
    });

    __cdp.define('util', function (m) {
        function format(f) {
            var args = Array.prototype.slice.call(arguments, 1);
            if (typeof f !== 'string') return [f].concat(args).map(function (x) { return typeof x === 'string' ? x : m.inspect(x); }).join(' ');
            var out = f.replace(/%([sdifjoOc%])/g, function (tok, c) {
                if (c === '%') return '%';
                if (!args.length) return tok;
                var v = args.shift();
                switch (c) {
                    case 's': return typeof v === 'string' ? v : typeof v === 'object' && v !== null ? m.inspect(v) : String(v);
                    case 'd': case 'i': return typeof v === 'object' ? 'NaN' : String(c === 'i' ? parseInt(v, 10) : Number(v));
                    case 'f': return String(parseFloat(v));
                    case 'j': try { return JSON.stringify(v); } catch (e) { return '[Circular]'; }
                    case 'c': return '';
                    default: return m.inspect(v);
                }
            });
            return args.length ? out + ' ' + args.map(function (x) { return typeof x === 'string' ? x : m.inspect(x); }).join(' ') : out;
        }
        var api = {
            format: format,
            inspect: function (v) { return m.inspect(v); },
            inherits: function (ctor, superCtor) { ctor.super_ = superCtor; Object.setPrototypeOf(ctor.prototype, superCtor.prototype); },
            isArray: Array.isArray,
            isBoolean: function (v) { return typeof v === 'boolean'; },
            isNull: function (v) { return v === null; },
            isNullOrUndefined: function (v) { return v === null || v === undefined; },
            isNumber: function (v) { return typeof v === 'number'; },
            isString: function (v) { return typeof v === 'string'; },
            isSymbol: function (v) { return typeof v === 'symbol'; },
            isUndefined: function (v) { return v === undefined; },
            isRegExp: function (v) { return v instanceof RegExp; },
            isObject: function (v) { return v !== null && typeof v === 'object'; },
            isDate: function (v) { return v instanceof Date; },
            isError: function (v) { return v instanceof Error; },
            isFunction: function (v) { return typeof v === 'function'; },
            isPrimitive: function (v) { return v === null || (typeof v !== 'object' && typeof v !== 'function'); },
            isDeepStrictEqual: function (a, b) { return m.deepEqual(a, b); },
            deprecate: function (fn) { return fn; },
            promisify: function (fn) {
                return function () {
                    var args = Array.prototype.slice.call(arguments), self = this;
                    return new Promise(function (resolve, reject) { fn.apply(self, args.concat([function (e, v) { if (e) reject(e); else resolve(v); }])); });
                };
            },
            callbackify: function (fn) {
                return function () {
                    var args = Array.prototype.slice.call(arguments), cb = args.pop();
                    fn.apply(this, args).then(function (v) { cb(null, v); }, function (e) { cb(e); });
                };
            },
            types: {
                isDate: function (v) { return v instanceof Date; }, isRegExp: function (v) { return v instanceof RegExp; },
                isPromise: function (v) { return v instanceof Promise; }, isMap: function (v) { return v instanceof Map; }, isSet: function (v) { return v instanceof Set; }
            }
        };
        if (typeof TextEncoder !== 'undefined') { api.TextEncoder = TextEncoder; api.TextDecoder = TextDecoder; }
        return m.unsupported('util', ['debuglog', 'inspect.custom', 'formatWithOptions', 'getSystemErrorName', 'toUSVString', 'parseArgs'], api);
    });

    __cdp.define('stream', function (m) {
        var EventEmitter = m.require('events'), Buffer = m.require('buffer').Buffer;
        function Stream() { EventEmitter.call(this); }
        m.require('util').inherits(Stream, EventEmitter);
        Stream.prototype.pipe = function (dest) { this.on('data', function (c) { dest.write(c); }); this.on('end', function () { if (dest.end) dest.end(); }); return dest; };
        function Readable(opts) {
            Stream.call(this); this._buf = []; this._ended = false; this.readable = true;
            if (opts && typeof opts.read === 'function') this._read = opts.read;
        }
        m.require('util').inherits(Readable, Stream);
        Readable.prototype._read = function () { };
        Readable.prototype.push = function (chunk) {
            var self = this;
            if (chunk === null) { this._ended = true; m.setTimeout(function () { self.emit('end'); }, 0); return false; }
            m.setTimeout(function () { self.emit('data', chunk); }, 0);
            return true;
        };
        Readable.prototype.setEncoding = function () { return this; };
        Readable.prototype.resume = Readable.prototype.pause = function () { return this; };
        Readable.from = function (iterable) {
            var r = new Readable();
            for (var x of iterable) r.push(typeof x === 'string' ? Buffer.from(x) : x);
            r.push(null);
            return r;
        };
        function Writable(opts) {
            Stream.call(this); this.writable = true;
            if (opts && typeof opts.write === 'function') this._write = opts.write;
        }
        m.require('util').inherits(Writable, Stream);
        Writable.prototype._write = function (c, e, cb) { cb(); };
        Writable.prototype.write = function (chunk, enc, cb) { var self = this; this._write(chunk, enc, function (err) { if (err) self.emit('error', err); if (typeof cb === 'function') cb(err); }); return true; };
        Writable.prototype.end = function (chunk) { if (chunk !== undefined && chunk !== null) this.write(chunk); var self = this; m.setTimeout(function () { self.emit('finish'); }, 0); return this; };
        function Transform(opts) {
            Readable.call(this, opts); Writable.call(this, opts);
            if (opts && typeof opts.transform === 'function') this._transform = opts.transform;
        }
        m.require('util').inherits(Transform, Readable);
        Transform.prototype._transform = function (c, e, cb) { cb(null, c); };
        Transform.prototype.write = function (chunk, enc) { var self = this; this._transform(chunk, enc, function (err, out) { if (out !== undefined && out !== null) self.push(out); }); return true; };
        Transform.prototype.end = function (chunk) { if (chunk !== undefined && chunk !== null) this.write(chunk); this.push(null); return this; };
        function PassThrough(opts) { Transform.call(this, opts); }
        m.require('util').inherits(PassThrough, Transform);
        Stream.Stream = Stream; Stream.Readable = Readable; Stream.Writable = Writable; Stream.Duplex = Transform;
        Stream.Transform = Transform; Stream.PassThrough = PassThrough;
        return m.unsupported('stream', ['pipeline', 'finished', 'addAbortSignal', 'compose'], Stream);
    });

    __cdp.define('timers', function (m) {
        return m.unsupported('timers', ['setInterval', 'clearInterval'], {
            setTimeout: m.setTimeout, clearTimeout: m.clearTimeout, setImmediate: m.setImmediate, clearImmediate: m.clearTimeout
        });
    });

    __cdp.define('assert', function (m) {
        function AssertionError(o) {
            var e = new Error(o.message || (m.inspect(o.actual) + ' ' + o.operator + ' ' + m.inspect(o.expected)));
            e.name = 'AssertionError'; e.code = 'ERR_ASSERTION';
            e.actual = o.actual; e.expected = o.expected; e.operator = o.operator; e.generatedMessage = !o.message;
            return e;
        }
        function check(ok, actual, expected, operator, message) {
            if (ok) return;
            if (message instanceof Error) throw message;
            throw AssertionError({ actual: actual, expected: expected, operator: operator, message: message });
        }
        function looseEqual(a, b) {
            if (a == b) return true; // eslint-disable-line eqeqeq
            if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
            var ka = Object.keys(a), kb = Object.keys(b);
            return ka.length === kb.length && ka.every(function (k) { return looseEqual(a[k], b[k]); });
        }
        function assert(v, msg) { check(!!v, v, true, '==', msg === undefined && arguments.length < 2 ? 'The expression evaluated to a falsy value' : msg); }
        assert.ok = assert;
        assert.equal = function (a, b, msg) { check(a == b, a, b, '==', msg); }; // eslint-disable-line eqeqeq
        assert.notEqual = function (a, b, msg) { check(a != b, a, b, '!=', msg); }; // eslint-disable-line eqeqeq
        assert.strictEqual = function (a, b, msg) { check(Object.is(a, b), a, b, 'strictEqual', msg); };
        assert.notStrictEqual = function (a, b, msg) { check(!Object.is(a, b), a, b, 'notStrictEqual', msg); };
        assert.deepEqual = function (a, b, msg) { check(looseEqual(a, b), a, b, 'deepEqual', msg); };
        assert.notDeepEqual = function (a, b, msg) { check(!looseEqual(a, b), a, b, 'notDeepEqual', msg); };
        assert.deepStrictEqual = function (a, b, msg) { check(m.deepEqual(a, b), a, b, 'deepStrictEqual', msg); };
        assert.notDeepStrictEqual = function (a, b, msg) { check(!m.deepEqual(a, b), a, b, 'notDeepStrictEqual', msg); };
        assert.fail = function (msg) { throw AssertionError({ message: msg === undefined ? 'Failed' : msg, operator: 'fail' }); };
        assert.match = function (s, re, msg) { check(re.test(s), s, re, 'match', msg); };
        assert.doesNotMatch = function (s, re, msg) { check(!re.test(s), s, re, 'doesNotMatch', msg); };
        assert.ifError = function (v) { if (v !== null && v !== undefined) throw v; };
        assert.throws = function (fn, expected, msg) {
            var threw = false, err;
            try { fn(); } catch (e) { threw = true; err = e; }
            if (typeof expected === 'string') { msg = expected; expected = undefined; }
            check(threw, undefined, expected, 'throws', msg || 'Missing expected exception.');
            if (expected instanceof RegExp) check(expected.test(String(err && err.message !== undefined ? err.message : err)), err, expected, 'throws', msg);
            else if (typeof expected === 'function' && expected.prototype !== undefined && err instanceof expected) return;
            else if (typeof expected === 'function' && expected.prototype === undefined) check(expected(err) === true, err, expected, 'throws', msg);
        };
        assert.doesNotThrow = function (fn, msg) { try { fn(); } catch (e) { check(false, e, undefined, 'doesNotThrow', typeof msg === 'string' ? msg : 'Got unwanted exception.\nActual message: "' + e.message + '"'); } };
        assert.AssertionError = AssertionError;
        assert.strict = assert;
        return m.unsupported('assert', ['rejects', 'doesNotReject', 'CallTracker'], assert);
    });
})();

/*
 * Replayable clock and randomness for the script engines (cdp-runner's own code).
 *
 * A script that makes a host call (see host() in pm.js) runs again from the start once the host
 * has answered. So that the second run asks the same questions and takes the same branches as the
 * first, Math.random(), Date.now() and `new Date()` give the values they gave in the run before;
 * past those, fresh ones. pm.js calls __cdp_tape.begin(replay) at the start of every run.
 */
(function (G) {
    'use strict';
    var LIMIT = 10000; // values kept per kind; a longer run replays only the first ones
    var realRandom = Math.random, RealDate = G.Date, realNow = RealDate.now;
    var tape = { rand: [], now: [] }, at = { rand: 0, now: 0 };

    function next(kind, fresh) {
        var list = tape[kind];
        if (at[kind] < list.length) return list[at[kind]++];
        var v = fresh();
        if (list.length < LIMIT) { list.push(v); at[kind] = list.length; }
        return v;
    }
    function random() { return next('rand', realRandom); }
    function now() { return next('now', function () { return realNow.call(RealDate); }); }

    function Date(a, b, c, d, e, f, g) {
        var n = arguments.length;
        if (!(this instanceof Date)) return new RealDate(now()).toString();
        if (n === 0) return new RealDate(now());
        if (n === 1) return new RealDate(a);
        return new RealDate(a, b, n > 2 ? c : 1, n > 3 ? d : 0, n > 4 ? e : 0, n > 5 ? f : 0, n > 6 ? g : 0);
    }
    Date.prototype = RealDate.prototype;
    Date.now = now;
    Date.UTC = RealDate.UTC;
    Date.parse = RealDate.parse;
    Object.defineProperty(RealDate.prototype, 'constructor', { value: Date, writable: true, configurable: true, enumerable: false });
    Object.defineProperty(G, 'Date', { value: Date, writable: true, configurable: true, enumerable: false });
    Math.random = random;

    G.__cdp_tape = {
        begin: function (replay) {
            if (!replay) { tape.rand.length = 0; tape.now.length = 0; }
            at.rand = 0;
            at.now = 0;
        }
    };
})(globalThis);

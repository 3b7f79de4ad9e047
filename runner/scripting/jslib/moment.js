/*
 * moment for Postman scripts: cdp-runner's own implementation of the subset collections call
 * (parsing ISO 8601 and formats, format(), add/subtract, startOf/endOf, diff, comparisons,
 * getters/setters, utc/local, unix, durations, relative time), English locale only, written
 * from moment's documented behaviour (no moment source). Anything else throws
 * "require('moment'): function NAME is not supported".
 */
(function () {
    'use strict';
    __cdp.define('moment', function (m) {
        var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
        var DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
        var UNIT = {
            y: 'year', year: 'year', years: 'year', Q: 'quarter', quarter: 'quarter', quarters: 'quarter',
            M: 'month', month: 'month', months: 'month', w: 'week', week: 'week', weeks: 'week',
            isoWeek: 'isoWeek', isoWeeks: 'isoWeek', W: 'isoWeek', d: 'day', day: 'day', days: 'day', date: 'date', dates: 'date', D: 'date',
            h: 'hour', hour: 'hour', hours: 'hour', m: 'minute', minute: 'minute', minutes: 'minute',
            s: 'second', second: 'second', seconds: 'second', ms: 'millisecond', millisecond: 'millisecond', milliseconds: 'millisecond'
        };
        var MS = { millisecond: 1, second: 1e3, minute: 6e4, hour: 36e5, day: 864e5, date: 864e5, week: 6048e5, isoWeek: 6048e5 };
        function unit(u) { var r = UNIT[u] || UNIT[String(u).toLowerCase()]; if (!r) throw new Error("require('moment'): unit " + u + ' is not supported'); return r; }
        function pad(n, w) { var s = String(Math.abs(n)); while (s.length < w) s = '0' + s; return (n < 0 ? '-' : '') + s; }
        function ordinal(n) { var b = n % 10, t = n % 100; return n + (t >= 11 && t <= 13 ? 'th' : b === 1 ? 'st' : b === 2 ? 'nd' : b === 3 ? 'rd' : 'th'); }
        function daysIn(y, mo) { return new Date(Date.UTC(y, mo + 1, 0)).getUTCDate(); }

        function Moment(ms, utc, offset) { this._t = ms; this._utc = !!utc; this._off = offset; this._isAMomentObject = true; }
        var P = Moment.prototype;
        // the fields of this moment in its mode (utc, fixed offset or local)
        P._f = function () {
            var d;
            if (this._off !== undefined) d = new Date(this._t + this._off * 6e4);
            else if (!this._utc) {
                var l = new Date(this._t);
                return { y: l.getFullYear(), M: l.getMonth(), D: l.getDate(), d: l.getDay(), h: l.getHours(), m: l.getMinutes(), s: l.getSeconds(), ms: l.getMilliseconds() };
            } else d = new Date(this._t);
            return { y: d.getUTCFullYear(), M: d.getUTCMonth(), D: d.getUTCDate(), d: d.getUTCDay(), h: d.getUTCHours(), m: d.getUTCMinutes(), s: d.getUTCSeconds(), ms: d.getUTCMilliseconds() };
        };
        P._build = function (f) {
            var t;
            if (this._utc || this._off !== undefined) t = Date.UTC(f.y, f.M, f.D, f.h, f.m, f.s, f.ms) - (this._off || 0) * 6e4;
            else t = new Date(f.y, f.M, f.D, f.h, f.m, f.s, f.ms).getTime();
            this._t = t;
            return this;
        };
        P.isValid = function () { return this._t === this._t; };
        P.clone = function () { return new Moment(this._t, this._utc, this._off); };
        P.valueOf = function () { return this._t; };
        P.unix = function () { return Math.floor(this._t / 1000); };
        P.toDate = function () { return new Date(this._t); };
        P.utcOffset = function (v) {
            if (v === undefined) return this._utc ? 0 : this._off !== undefined ? this._off : -new Date(this._t).getTimezoneOffset();
            if (typeof v === 'string') { var mm = /([+-])(\d\d):?(\d\d)/.exec(v); v = mm ? (mm[1] === '-' ? -1 : 1) * (+mm[2] * 60 + +mm[3]) : 0; }
            if (Math.abs(v) < 16) v *= 60;
            this._utc = false; this._off = v; return this;
        };
        P.utc = function () { this._utc = true; this._off = undefined; return this; };
        P.local = function () { this._utc = false; this._off = undefined; return this; };
        P.isUTC = P.isUtc = function () { return this._utc; };
        P.locale = function (l) { if (l === undefined) return 'en'; if (String(l).slice(0, 2) !== 'en') throw new Error("require('moment'): locale " + l + ' is not supported'); return this; };
        P.toISOString = function () { return this.isValid() ? new Date(this._t).toISOString() : null; };
        P.toJSON = function () { return this.toISOString(); };
        P.toString = function () { return this.isValid() ? this.clone().locale('en').format('ddd MMM DD YYYY HH:mm:ss [GMT]ZZ') : 'Invalid date'; };
        P.toArray = function () { var f = this._f(); return [f.y, f.M, f.D, f.h, f.m, f.s, f.ms]; };
        P.toObject = function () { var f = this._f(); return { years: f.y, months: f.M, date: f.D, hours: f.h, minutes: f.m, seconds: f.s, milliseconds: f.ms }; };
        P.daysInMonth = function () { var f = this._f(); return daysIn(f.y, f.M); };
        P.isLeapYear = function () { var y = this._f().y; return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0; };
        P.dayOfYear = function (v) {
            var f = this._f(), doy = Math.round((Date.UTC(f.y, f.M, f.D) - Date.UTC(f.y, 0, 1)) / 864e5) + 1;
            return v === undefined ? doy : this.add(v - doy, 'd');
        };
        P.isoWeekday = function (v) { var d = this._f().d || 7; return v === undefined ? d : this.add(v - d, 'd'); };
        P.isoWeek = function () {
            var f = this._f(), d = new Date(Date.UTC(f.y, f.M, f.D)), day = d.getUTCDay() || 7;
            d.setUTCDate(d.getUTCDate() + 4 - day);
            return Math.ceil(((d - Date.UTC(d.getUTCFullYear(), 0, 1)) / 864e5 + 1) / 7);
        };
        P.isoWeekYear = function () { var f = this._f(), d = new Date(Date.UTC(f.y, f.M, f.D)); d.setUTCDate(d.getUTCDate() + 4 - (d.getUTCDay() || 7)); return d.getUTCFullYear(); };
        P.week = function () { var f = this._f(), jan1 = new Date(Date.UTC(f.y, 0, 1)).getUTCDay(); return Math.ceil((this.dayOfYear() + jan1) / 7); };
        P.quarter = function (v) { var q = Math.floor(this._f().M / 3) + 1; return v === undefined ? q : this.month((v - 1) * 3 + (this._f().M % 3)); };
        function accessor(key) {
            return function (v) {
                var f = this._f();
                if (v === undefined) return f[key];
                if (key === 'd') return this.add(v - f.d, 'd');
                f[key] = +v;
                if (key === 'M' || key === 'y') f.D = Math.min(f.D, daysIn(f.y, ((f.M % 12) + 12) % 12));
                return this._build(f);
            };
        }
        P.year = P.years = accessor('y'); P.month = P.months = accessor('M'); P.date = P.dates = accessor('D');
        P.day = P.days = P.weekday = accessor('d'); P.hour = P.hours = accessor('h'); P.minute = P.minutes = accessor('m');
        P.second = P.seconds = accessor('s'); P.millisecond = P.milliseconds = accessor('ms');
        var GETTER = { year: 'year', quarter: 'quarter', month: 'month', week: 'week', isoWeek: 'isoWeek', day: 'day', date: 'date', hour: 'hour', minute: 'minute', second: 'second', millisecond: 'millisecond' };
        P.get = function (u) { return this[GETTER[unit(u)]](); };
        P.set = function (u, v) {
            if (typeof u === 'object') { var self = this; Object.keys(u).forEach(function (k) { self.set(k, u[k]); }); return this; }
            return this[GETTER[unit(u)]](v);
        };
        function addTo(mo, amount, u, sign) {
            if (amount && typeof amount === 'object') {
                var parts = amount instanceof Duration ? amount._parts() : amount;
                Object.keys(parts).forEach(function (k) { addTo(mo, parts[k], k, sign); });
                return mo;
            }
            if (typeof amount === 'string' && isNaN(+amount)) { var tmp = amount; amount = u; u = tmp; }
            u = unit(u === undefined ? 'ms' : u); amount = +amount * sign;
            if (u === 'year' || u === 'month' || u === 'quarter') {
                var f = mo._f(), months = u === 'year' ? amount * 12 : u === 'quarter' ? amount * 3 : amount;
                var total = f.y * 12 + f.M + Math.trunc(months);
                f.y = Math.floor(total / 12); f.M = total - f.y * 12; f.D = Math.min(f.D, daysIn(f.y, f.M));
                return mo._build(f);
            }
            if (u === 'day' || u === 'date' || u === 'week' || u === 'isoWeek') {
                var g = mo._f(); g.D += Math.trunc(u === 'day' || u === 'date' ? amount : amount * 7);
                return mo._build(g);
            }
            mo._t += amount * MS[u];
            return mo;
        }
        P.add = function (a, u) { return addTo(this, a, u, 1); };
        P.subtract = function (a, u) { return addTo(this, a, u, -1); };
        P.startOf = function (u) {
            u = unit(u); var f = this._f();
            switch (u) {
                case 'year': f.M = 0; /* falls through */
                case 'quarter': if (u === 'quarter') f.M -= f.M % 3; /* falls through */
                case 'month': f.D = 1; /* falls through */
                case 'week': case 'isoWeek': case 'day': case 'date':
                    if (u === 'week') f.D -= f.d;
                    if (u === 'isoWeek') f.D -= (f.d + 6) % 7;
                    f.h = 0; /* falls through */
                case 'hour': f.m = 0; /* falls through */
                case 'minute': f.s = 0; /* falls through */
                case 'second': f.ms = 0;
            }
            return this._build(f);
        };
        P.endOf = function (u) {
            u = unit(u); if (u === 'millisecond') return this;
            return this.startOf(u).add(1, u === 'date' ? 'day' : u).subtract(1, 'ms');
        };
        function monthDiff(a, b) {
            var fa = a._f(), fb = b._f(), whole = (fb.y - fa.y) * 12 + (fb.M - fa.M);
            var anchor = a.clone().add(whole, 'M'), adj;
            if (b._t - anchor._t < 0) { var prev = a.clone().add(whole - 1, 'M'); adj = (b._t - anchor._t) / (anchor._t - prev._t); }
            else { var next = a.clone().add(whole + 1, 'M'); adj = (b._t - anchor._t) / (next._t - anchor._t); }
            return -(whole + adj) || 0;
        }
        P.diff = function (other, u, precise) {
            other = toMoment(other);
            u = u === undefined ? 'millisecond' : unit(u);
            var out;
            if (u === 'year' || u === 'month' || u === 'quarter') {
                out = monthDiff(this, other);
                if (u === 'year') out /= 12; else if (u === 'quarter') out /= 3;
            } else {
                var delta = this._t - other._t;
                if (u === 'day' || u === 'date' || u === 'week' || u === 'isoWeek') delta -= (other.utcOffset() - this.utcOffset()) * 6e4;
                out = delta / MS[u];
            }
            return precise ? out : (out < 0 ? Math.ceil(out) || 0 : Math.floor(out));
        };
        function cmpAt(a, b, u) { if (u === undefined) return [a._t, toMoment(b)._t]; u = unit(u); return [a.clone().startOf(u)._t, toMoment(b).clone().utcOffset(a.utcOffset()).startOf(u)._t, a.clone().endOf(u)._t]; }
        P.isBefore = function (b, u) { if (u === undefined) return this._t < toMoment(b)._t; var c = cmpAt(this, b, u); return c[2] < toMoment(b)._t; };
        P.isAfter = function (b, u) { if (u === undefined) return this._t > toMoment(b)._t; var c = cmpAt(this, b, u); return c[0] > toMoment(b)._t; };
        P.isSame = function (b, u) { if (u === undefined) return this._t === toMoment(b)._t; var c = cmpAt(this, b, u); return c[0] === c[1]; };
        P.isSameOrBefore = function (b, u) { return this.isSame(b, u) || this.isBefore(b, u); };
        P.isSameOrAfter = function (b, u) { return this.isSame(b, u) || this.isAfter(b, u); };
        P.isBetween = function (a, b, u, inc) {
            inc = inc || '()';
            var left = inc[0] === '(' ? this.isAfter(a, u) : !this.isBefore(a, u);
            var right = inc[1] === ')' ? this.isBefore(b, u) : !this.isAfter(b, u);
            return left && right;
        };
        function relative(ms, withoutSuffix) {
            var s = Math.round(Math.abs(ms) / 1000), mi = Math.round(s / 60), h = Math.round(mi / 60), d = Math.round(h / 24), mo = Math.round(d / 30.4375), y = Math.round(mo / 12);
            var txt = s < 45 ? 'a few seconds' : s < 90 ? 'a minute' : mi < 45 ? mi + ' minutes' : mi < 90 ? 'an hour' : h < 22 ? h + ' hours' :
                h < 36 ? 'a day' : d < 26 ? d + ' days' : d < 46 ? 'a month' : d < 320 ? mo + ' months' : d < 548 ? 'a year' : y + ' years';
            if (withoutSuffix) return txt;
            return ms > 0 ? 'in ' + txt : txt + ' ago';
        }
        P.from = function (b, noSuffix) { return relative(this._t - toMoment(b)._t, noSuffix); };
        P.fromNow = function (noSuffix) { return relative(this._t - Date.now(), noSuffix); };
        P.to = function (b, noSuffix) { return relative(toMoment(b)._t - this._t, noSuffix); };
        P.toNow = function (noSuffix) { return relative(Date.now() - this._t, noSuffix); };

        var TOKENS = /\[([^\]]*)\]|YYYYYY|YYYY|YY|Y|Qo|Q|MMMM|MMM|MM|Mo|M|DDDD|DDDo|DDD|Do|DD|D|dddd|ddd|dd|do|d|E|e|WW|Wo|W|ww|wo|w|GGGG|gggg|HH|H|hh|h|kk|k|mm|m|ss|s|SSSS*|SS|S|a|A|ZZ|Z|X|x/g;
        P.format = function (fmt) {
            if (!this.isValid()) return 'Invalid date';
            if (fmt === undefined) fmt = this._utc ? 'YYYY-MM-DDTHH:mm:ss[Z]' : 'YYYY-MM-DDTHH:mm:ssZ';
            var f = this._f(), self = this, off = this.utcOffset();
            function zone(sep) { return (off < 0 ? '-' : '+') + pad(Math.floor(Math.abs(off) / 60), 2) + sep + pad(Math.abs(off) % 60, 2); }
            return String(fmt).replace(TOKENS, function (tok, lit) {
                if (lit !== undefined) return lit;
                switch (tok) {
                    case 'YYYYYY': return (f.y < 0 ? '-' : '+') + pad(Math.abs(f.y), 6);
                    case 'YYYY': return pad(f.y, 4);
                    case 'YY': return pad(f.y % 100, 2);
                    case 'Y': return String(f.y);
                    case 'Q': return String(self.quarter());
                    case 'Qo': return ordinal(self.quarter());
                    case 'MMMM': return MONTHS[f.M];
                    case 'MMM': return MONTHS[f.M].slice(0, 3);
                    case 'MM': return pad(f.M + 1, 2);
                    case 'Mo': return ordinal(f.M + 1);
                    case 'M': return String(f.M + 1);
                    case 'DDDD': return pad(self.dayOfYear(), 3);
                    case 'DDDo': return ordinal(self.dayOfYear());
                    case 'DDD': return String(self.dayOfYear());
                    case 'Do': return ordinal(f.D);
                    case 'DD': return pad(f.D, 2);
                    case 'D': return String(f.D);
                    case 'dddd': return DAYS[f.d];
                    case 'ddd': return DAYS[f.d].slice(0, 3);
                    case 'dd': return DAYS[f.d].slice(0, 2);
                    case 'do': return ordinal(f.d);
                    case 'd': case 'e': return String(f.d);
                    case 'E': return String(f.d || 7);
                    case 'WW': return pad(self.isoWeek(), 2);
                    case 'Wo': return ordinal(self.isoWeek());
                    case 'W': return String(self.isoWeek());
                    case 'ww': return pad(self.week(), 2);
                    case 'wo': return ordinal(self.week());
                    case 'w': return String(self.week());
                    case 'GGGG': return pad(self.isoWeekYear(), 4);
                    case 'gggg': return pad(f.y, 4);
                    case 'HH': return pad(f.h, 2);
                    case 'H': return String(f.h);
                    case 'hh': return pad(f.h % 12 || 12, 2);
                    case 'h': return String(f.h % 12 || 12);
                    case 'kk': return pad(f.h || 24, 2);
                    case 'k': return String(f.h || 24);
                    case 'mm': return pad(f.m, 2);
                    case 'm': return String(f.m);
                    case 'ss': return pad(f.s, 2);
                    case 's': return String(f.s);
                    case 'a': return f.h < 12 ? 'am' : 'pm';
                    case 'A': return f.h < 12 ? 'AM' : 'PM';
                    case 'ZZ': return zone('');
                    case 'Z': return zone(':');
                    case 'X': return String(self.unix());
                    case 'x': return String(self._t);
                    default: // S, SS, SSS, ...: fractional seconds
                        return (pad(f.ms, 3) + '000000').slice(0, tok.length);
                }
            });
        };

        // ---------------------------------------------------------------- parsing
        var ISO = /^\s*([+-]\d{6}|\d{4})-?(\d\d)(?:-?(\d\d))?(?:[T ](\d\d)(?::?(\d\d)(?::?(\d\d)(?:[.,](\d+))?)?)?\s*(Z|[+-]\d\d(?::?\d\d)?)?)?\s*$/i;
        function parseIso(str, utc) {
            var mm = ISO.exec(str);
            if (!mm) return null;
            var f = { y: +mm[1], M: +mm[2] - 1, D: mm[3] ? +mm[3] : 1, h: +(mm[4] || 0), m: +(mm[5] || 0), s: +(mm[6] || 0), ms: mm[7] ? Math.round(+('0.' + mm[7]) * 1000) : 0 };
            if (f.M > 11 || f.D > daysIn(f.y, f.M) || f.h > 24 || f.m > 59 || f.s > 59) return new Moment(NaN, utc);
            if (mm[8]) {
                var off = mm[8].toUpperCase() === 'Z' ? 0 : (mm[8][0] === '-' ? -1 : 1) * (+mm[8].slice(1, 3) * 60 + +(mm[8].replace(':', '').slice(3, 5) || 0));
                var t = Date.UTC(f.y, f.M, f.D, f.h, f.m, f.s, f.ms) - off * 6e4;
                return new Moment(t, utc);
            }
            return new Moment(0, utc)._build(f);
        }
        var PARSE = { YYYY: '(\\d{4})', YY: '(\\d\\d)', Y: '([+-]?\\d+)', MMMM: '([A-Za-z]+)', MMM: '([A-Za-z]{3})', MM: '(\\d\\d)', M: '(\\d\\d?)',
            DDDD: '(\\d{3})', DD: '(\\d\\d)', D: '(\\d\\d?)', Do: '(\\d\\d?)(?:st|nd|rd|th)', dddd: '[A-Za-z]+', ddd: '[A-Za-z]{3}', dd: '[A-Za-z]{2}', d: '\\d',
            HH: '(\\d\\d)', H: '(\\d\\d?)', hh: '(\\d\\d)', h: '(\\d\\d?)', kk: '(\\d\\d)', k: '(\\d\\d?)', mm: '(\\d\\d)', m: '(\\d\\d?)', ss: '(\\d\\d)', s: '(\\d\\d?)',
            a: '([aApP][mM])', A: '([aApP][mM])', Z: '(Z|[+-]\\d\\d:?\\d\\d)', ZZ: '(Z|[+-]\\d\\d:?\\d\\d)', X: '(-?\\d+(?:\\.\\d+)?)', x: '(-?\\d+)' };
        function parseFormat(str, fmt, strict, utc) {
            if (fmt === moment.ISO_8601) return parseIso(str, utc) || new Moment(NaN, utc);
            var groups = [], re = '';
            var last = 0, mm;
            TOKENS.lastIndex = 0;
            while ((mm = TOKENS.exec(fmt))) {
                re += fmt.slice(last, mm.index).replace(/[.*+?^${}()|[\]\\\/-]/g, function (c) { return '\\' + c; }).replace(/\s+/g, '\\s*');
                last = TOKENS.lastIndex;
                if (mm[1] !== undefined) { re += mm[1].replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); continue; }
                var tok = mm[0], part = PARSE[tok] || (/^S+$/.test(tok) ? '(\\d{1,' + tok.length + '})' : null);
                if (!part) throw new Error("require('moment'): parse token " + tok + ' is not supported');
                re += part;
                if (part.indexOf('(') === 0) groups.push(tok);
            }
            re += fmt.slice(last).replace(/[.*+?^${}()|[\]\\\/-]/g, '\\$&');
            var hit = new RegExp('^\\s*' + re + (strict ? '$' : '')).exec(str);
            if (!hit) return new Moment(NaN, utc);
            var now = new Date(), f = { y: now.getFullYear(), M: 0, D: 1, h: 0, m: 0, s: 0, ms: 0 }, pm = null, off, stamp;
            var anyDate = false;
            groups.forEach(function (tok, i) {
                var v = hit[i + 1];
                if (v === undefined) return;
                switch (tok) {
                    case 'YYYY': case 'Y': f.y = +v; anyDate = true; break;
                    case 'YY': f.y = +v + (+v > 68 ? 1900 : 2000); anyDate = true; break;
                    case 'MMMM': case 'MMM': f.M = MONTHS.findIndex(function (n) { return n.toLowerCase().indexOf(v.toLowerCase()) === 0; }); anyDate = true; break;
                    case 'MM': case 'M': f.M = +v - 1; anyDate = true; break;
                    case 'DD': case 'D': case 'Do': f.D = +v; anyDate = true; break;
                    case 'DDDD': f.M = 0; f.D = +v; break;
                    case 'HH': case 'H': case 'hh': case 'h': case 'kk': case 'k': f.h = +v % 24; break;
                    case 'mm': case 'm': f.m = +v; break;
                    case 'ss': case 's': f.s = +v; break;
                    case 'a': case 'A': pm = v.toLowerCase() === 'pm'; break;
                    case 'Z': case 'ZZ': off = v.toUpperCase() === 'Z' ? 0 : (v[0] === '-' ? -1 : 1) * (+v.slice(1, 3) * 60 + +v.replace(':', '').slice(3, 5)); break;
                    case 'X': stamp = +v * 1000; break;
                    case 'x': stamp = +v; break;
                    default: f.ms = Math.round(+('0.' + v) * 1000);
                }
            });
            if (stamp !== undefined) return new Moment(stamp, utc);
            if (!anyDate && groups.every(function (t) { return /^[Hhkmsa]|^S/i.test(t) || t === 'A'; })) { f.y = now.getFullYear(); f.M = now.getMonth(); f.D = now.getDate(); }
            if (pm !== null) { if (pm && f.h < 12) f.h += 12; if (!pm && f.h === 12) f.h = 0; }
            if (f.M < 0 || f.M > 11 || f.D < 1 || f.D > daysIn(f.y, f.M) || f.m > 59 || f.s > 59) return new Moment(NaN, utc);
            if (off !== undefined) return new Moment(Date.UTC(f.y, f.M, f.D, f.h, f.m, f.s, f.ms) - off * 6e4, utc);
            return new Moment(0, utc)._build(f);
        }
        function create(input, fmt, strict, utc) {
            if (input === undefined || input === null && arguments.length === 0) return new Moment(Date.now(), utc);
            if (input instanceof Moment) { var c = input.clone(); if (utc) c.utc(); return c; }
            if (input instanceof Date) return new Moment(input.getTime(), utc);
            if (typeof input === 'number') return new Moment(input, utc);
            if (input === null) return new Moment(NaN, utc);
            if (Array.isArray(input)) {
                var a = input.concat([0, 0, 0, 0, 0, 0, 0]);
                return new Moment(0, utc)._build({ y: a[0], M: input.length > 1 ? a[1] : 0, D: input.length > 2 ? a[2] : 1, h: a[3], m: a[4], s: a[5], ms: a[6] });
            }
            if (typeof input === 'object') {
                var g = function (k1, k2, k3, d) { return input[k1] !== undefined ? input[k1] : input[k2] !== undefined ? input[k2] : input[k3] !== undefined ? input[k3] : d; };
                var now = new Date();
                return new Moment(0, utc)._build({ y: g('year', 'years', 'y', now.getFullYear()), M: g('month', 'months', 'M', 0), D: g('date', 'day', 'd', 1),
                    h: g('hour', 'hours', 'h', 0), m: g('minute', 'minutes', 'm', 0), s: g('second', 'seconds', 's', 0), ms: g('millisecond', 'milliseconds', 'ms', 0) });
            }
            var str = String(input);
            if (fmt !== undefined) {
                var fmts = Array.isArray(fmt) ? fmt : [fmt];
                for (var i = 0; i < fmts.length; i++) { var r = parseFormat(str, fmts[i], strict, utc); if (r.isValid()) return r; }
                return new Moment(NaN, utc);
            }
            var iso = parseIso(str, utc);
            if (iso) return iso;
            return new Moment(Date.parse(str), utc); // like moment's deprecated fallback to new Date(string)
        }
        function toMoment(v) { return v instanceof Moment ? v : create(v); }

        // ---------------------------------------------------------------- durations
        var DUR_MS = { year: 31536e6, quarter: 7884e6, month: 2592e6, week: 6048e5, isoWeek: 6048e5, day: 864e5, date: 864e5, hour: 36e5, minute: 6e4, second: 1e3, millisecond: 1 };
        function Duration(ms, months) { this._ms = ms; this._months = months || 0; }
        Duration.prototype._total = function () { return this._ms + this._months * 2592e6 * 1.0145833333333333; };
        Duration.prototype.as = function (u) {
            u = unit(u);
            if (u === 'month' || u === 'year' || u === 'quarter') { var months = this._months + this._ms / 864e5 / 30.436875; return u === 'month' ? months : u === 'quarter' ? months / 3 : months / 12; }
            return (this._ms + this._months * 30.436875 * 864e5) / DUR_MS[u];
        };
        ['Milliseconds', 'Seconds', 'Minutes', 'Hours', 'Days', 'Weeks', 'Months', 'Years'].forEach(function (n) {
            Duration.prototype['as' + n] = function () { return this.as(n.toLowerCase()); };
        });
        Duration.prototype._parts = function () {
            var ms = Math.abs(this._ms), sign = this._ms < 0 ? -1 : 1, days = Math.floor(ms / 864e5), extraMonths = Math.floor(days / 30);
            var months = this._months + sign * extraMonths;
            days -= extraMonths * 30;
            return { years: Math.trunc(months / 12), months: months % 12, days: sign * days, hours: sign * Math.floor(ms / 36e5) % 24,
                minutes: sign * Math.floor(ms / 6e4) % 60, seconds: sign * Math.floor(ms / 1e3) % 60, milliseconds: sign * (ms % 1000) };
        };
        ['milliseconds', 'seconds', 'minutes', 'hours', 'days', 'months', 'years'].forEach(function (n) {
            Duration.prototype[n] = function () { return this._parts()[n]; };
        });
        Duration.prototype.weeks = function () { return Math.floor(this.days() / 7); };
        Duration.prototype.get = function (u) { return this[unit(u) + 's'](); };
        Duration.prototype.valueOf = function () { return this.asMilliseconds(); };
        Duration.prototype.add = function (n, u) { var d = duration(n, u); this._ms += d._ms; this._months += d._months; return this; };
        Duration.prototype.subtract = function (n, u) { var d = duration(n, u); this._ms -= d._ms; this._months -= d._months; return this; };
        Duration.prototype.humanize = function (withSuffix) { var ms = this.asMilliseconds(); return withSuffix ? relative(ms) : relative(ms, true); };
        Duration.prototype.clone = function () { return new Duration(this._ms, this._months); };
        Duration.prototype.isValid = function () { return this._ms === this._ms; };
        Duration.prototype.toISOString = function () {
            var p = this._parts(), t = (p.hours ? p.hours + 'H' : '') + (p.minutes ? p.minutes + 'M' : '') + (p.seconds || p.milliseconds ? (p.seconds + p.milliseconds / 1000) + 'S' : '');
            var d = (p.years ? p.years + 'Y' : '') + (p.months ? p.months + 'M' : '') + (p.days ? p.days + 'D' : '');
            return !d && !t ? 'P0D' : 'P' + d + (t ? 'T' + t : '');
        };
        Duration.prototype.toJSON = Duration.prototype.toISOString;
        function duration(n, u) {
            if (n instanceof Duration) return n.clone();
            if (n && typeof n === 'object') {
                var d = new Duration(0, 0);
                Object.keys(n).forEach(function (k) { d.add(n[k], k); });
                return d;
            }
            if (typeof n === 'string') {
                var hms = /^(-)?(?:(\d+)\.)?(\d+):(\d+)(?::(\d+)(?:\.(\d+))?)?$/.exec(n);
                if (hms) { var sg = hms[1] ? -1 : 1; return new Duration(sg * ((+(hms[2] || 0)) * 864e5 + +hms[3] * 36e5 + +hms[4] * 6e4 + +(hms[5] || 0) * 1e3 + Math.round(+('0.' + (hms[6] || 0)) * 1e3))); }
                var iso = /^(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(n);
                if (iso) {
                    var s = iso[1] ? -1 : 1;
                    return new Duration(s * (+(iso[4] || 0) * 6048e5 + +(iso[5] || 0) * 864e5 + +(iso[6] || 0) * 36e5 + +(iso[7] || 0) * 6e4 + +(iso[8] || 0) * 1e3),
                        s * (+(iso[2] || 0) * 12 + +(iso[3] || 0)));
                }
                if (!isNaN(+n)) n = +n; else return new Duration(NaN);
            }
            u = unit(u === undefined ? 'ms' : u);
            if (u === 'year') return new Duration(0, n * 12);
            if (u === 'quarter') return new Duration(0, n * 3);
            if (u === 'month') return new Duration(0, n);
            return new Duration(n * DUR_MS[u]);
        }

        function moment(input, fmt, strict) { return create.apply(null, arguments.length ? [input, typeof fmt === 'boolean' ? undefined : fmt, typeof fmt === 'boolean' ? fmt : strict, false] : [undefined, undefined, undefined, false]); }
        moment.utc = function (input, fmt, strict) { var r = arguments.length ? create(input, fmt, strict, true) : new Moment(Date.now(), true); r._utc = true; return r; };
        moment.unix = function (s) { return new Moment(s * 1000); };
        moment.parseZone = function (input, fmt) {
            var r = create(input, fmt), mm = typeof input === 'string' && /(Z|[+-]\d\d:?\d\d)\s*$/i.exec(input);
            return mm ? r.utcOffset(mm[1].toUpperCase() === 'Z' ? 0 : mm[1]) : r;
        };
        moment.isMoment = function (v) { return v instanceof Moment; };
        moment.isDate = function (v) { return v instanceof Date; };
        moment.isDuration = function (v) { return v instanceof Duration; };
        moment.duration = duration;
        moment.now = function () { return Date.now(); };
        moment.invalid = function () { return new Moment(NaN); };
        moment.min = function () { var a = Array.isArray(arguments[0]) ? arguments[0] : Array.prototype.slice.call(arguments); return a.reduce(function (x, y) { return y._t < x._t ? y : x; }); };
        moment.max = function () { var a = Array.isArray(arguments[0]) ? arguments[0] : Array.prototype.slice.call(arguments); return a.reduce(function (x, y) { return y._t > x._t ? y : x; }); };
        moment.locale = function (l) { if (l === undefined || String(l).slice(0, 2) === 'en') return 'en'; throw new Error("require('moment'): locale " + l + ' is not supported'); };
        moment.months = function () { return MONTHS.slice(); };
        moment.monthsShort = function () { return MONTHS.map(function (x) { return x.slice(0, 3); }); };
        moment.weekdays = function () { return DAYS.slice(); };
        moment.weekdaysShort = function () { return DAYS.map(function (x) { return x.slice(0, 3); }); };
        moment.ISO_8601 = function () { };
        moment.defaultFormat = 'YYYY-MM-DDTHH:mm:ssZ';
        moment.version = '2.29.4';
        moment.fn = P;
        m.unsupported('moment', ['tz', 'defineLocale', 'updateLocale', 'localeData', 'relativeTimeThreshold', 'relativeTimeRounding',
            'calendarFormat', 'normalizeUnits', 'createFromInputFallback'], moment);
        m.unsupported('moment', ['calendar', 'creationData', 'isDST', 'isLocal', 'isUtcOffset', 'localeData', 'lang', 'max', 'min', 'parsingFlags',
            'invalidAt', 'zone', 'zoneAbbr', 'zoneName', 'tz', 'weekYear', 'isoWeeksInYear', 'weeksInYear', 'isoWeeksInISOWeekYear', 'weeksInWeekYear',
            'isDSTShifted', 'hasAlignedHourOffset', 'toLocaleString', 'inspect'], P);
        return moment;
    });
})();

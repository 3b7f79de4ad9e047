/*
 * Node's `buffer` (Buffer) and `string_decoder` for Postman scripts: cdp-runner's own code.
 * Buffer is a Uint8Array subclass with the common encodings: utf8, hex, base64, base64url,
 * latin1/binary, ascii, utf16le.
 */
(function () {
    'use strict';
    function utf8Bytes(s) {
        var out = [];
        for (var i = 0; i < s.length; i++) {
            var c = s.charCodeAt(i);
            if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
                var d = s.charCodeAt(i + 1);
                if (d >= 0xdc00 && d < 0xe000) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++; } else c = 0xfffd;
            } else if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
            if (c < 0x80) out.push(c);
            else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
            else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
            else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
        }
        return out;
    }
    function utf8String(b, start, end) {
        var s = '', i = start;
        while (i < end) {
            var c = b[i], n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
            if (n === 0 || i + n > end) { s += '\ufffd'; i++; continue; }
            var cp = n === 1 ? c : c & (0xff >> (n + 1)), ok = true;
            for (var k = 1; k < n; k++) { var x = b[i + k]; if ((x & 0xc0) !== 0x80) { ok = false; break; } cp = (cp << 6) | (x & 63); }
            if (!ok) { s += '\ufffd'; i++; continue; }
            i += n;
            if (cp >= 0x10000) { cp -= 0x10000; s += String.fromCharCode(0xd800 + (cp >> 10), 0xdc00 + (cp & 1023)); } else s += String.fromCharCode(cp);
        }
        return s;
    }
    var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    function b64Bytes(s) {
        s = String(s).replace(/-/g, '+').replace(/_/g, '/').replace(/[^A-Za-z0-9+\/]/g, '');
        var out = [], bits = 0, acc = 0;
        for (var i = 0; i < s.length; i++) {
            acc = (acc << 6) | B64.indexOf(s[i]); bits += 6;
            if (bits >= 8) { bits -= 8; out.push((acc >> bits) & 255); }
        }
        return out;
    }
    function b64String(b, url) {
        var s = '';
        for (var i = 0; i < b.length; i += 3) {
            var n = (b[i] << 16) | ((b[i + 1] || 0) << 8) | (b[i + 2] || 0);
            s += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (i + 1 < b.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < b.length ? B64[n & 63] : '=');
        }
        return url ? s.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') : s;
    }
    function normEnc(enc) {
        enc = String(enc || 'utf8').toLowerCase().replace('-', '');
        if (enc === 'binary') return 'latin1';
        if (enc === 'ucs2' || enc === 'utf16le') return 'utf16le';
        if (['utf8', 'hex', 'base64', 'base64url', 'latin1', 'ascii'].indexOf(enc) < 0) throw new TypeError('Unknown encoding: ' + enc);
        return enc;
    }
    function bytesOf(str, enc) {
        str = String(str);
        switch (normEnc(enc)) {
            case 'utf8': return utf8Bytes(str);
            case 'hex': { var o = []; for (var i = 0; i + 1 < str.length; i += 2) { var v = parseInt(str.substr(i, 2), 16); if (isNaN(v)) break; o.push(v); } return o; }
            case 'base64': case 'base64url': return b64Bytes(str);
            case 'utf16le': { var u = []; for (var j = 0; j < str.length; j++) { var c = str.charCodeAt(j); u.push(c & 255, c >> 8); } return u; }
            default: { var l = []; for (var k = 0; k < str.length; k++) l.push(str.charCodeAt(k) & 255); return l; }
        }
    }
    function stringOf(b, enc, start, end) {
        start = start || 0; end = end === undefined ? b.length : Math.min(end, b.length);
        var s = '', i;
        switch (normEnc(enc)) {
            case 'utf8': return utf8String(b, start, end);
            case 'hex': for (i = start; i < end; i++) s += (b[i] < 16 ? '0' : '') + b[i].toString(16); return s;
            case 'base64': return b64String(b.subarray(start, end), false);
            case 'base64url': return b64String(b.subarray(start, end), true);
            case 'utf16le': for (i = start; i + 1 < end; i += 2) s += String.fromCharCode(b[i] | (b[i + 1] << 8)); return s;
            case 'ascii': for (i = start; i < end; i++) s += String.fromCharCode(b[i] & 127); return s;
            default: for (i = start; i < end; i++) s += String.fromCharCode(b[i]); return s;
        }
    }

    class Buffer extends Uint8Array {
        static from(value, encOrOffset, length) {
            if (typeof value === 'string') return new Buffer(bytesOf(value, encOrOffset));
            if (value instanceof ArrayBuffer) return new Buffer(new Uint8Array(value, encOrOffset || 0, length));
            if (value && value.type === 'Buffer' && Array.isArray(value.data)) return new Buffer(value.data);
            if (value && typeof value.length === 'number') return new Buffer(Array.prototype.slice.call(value));
            throw new TypeError('The first argument must be a string, Buffer, ArrayBuffer, Array, or array-like object.');
        }
        static alloc(n, fill) { var b = new Buffer(n); if (fill !== undefined) b.fill(typeof fill === 'string' ? fill.charCodeAt(0) : fill); return b; }
        static allocUnsafe(n) { return new Buffer(n); }
        static isBuffer(b) { return b instanceof Buffer; }
        static isEncoding(e) { try { normEnc(e); return true; } catch (x) { return false; } }
        static byteLength(s, enc) { return typeof s === 'string' ? bytesOf(s, enc).length : s.length; }
        static concat(list, total) {
            var n = total === undefined ? list.reduce(function (a, b) { return a + b.length; }, 0) : total;
            var out = Buffer.alloc(n), at = 0;
            list.forEach(function (b) { for (var i = 0; i < b.length && at < n; i++) out[at++] = b[i]; });
            return out;
        }
        static compare(a, b) { return a.compare(b); }
        toString(enc, start, end) { return stringOf(this, enc, start, end); }
        toJSON() { return { type: 'Buffer', data: Array.prototype.slice.call(this) }; }
        equals(o) { return this.compare(o) === 0; }
        compare(o) {
            for (var i = 0; i < Math.min(this.length, o.length); i++) if (this[i] !== o[i]) return this[i] < o[i] ? -1 : 1;
            return this.length === o.length ? 0 : this.length < o.length ? -1 : 1;
        }
        slice(s, e) { return this.subarray(s, e); }
        subarray(s, e) { var u = Uint8Array.prototype.subarray.call(this, s, e); return new Buffer(u.buffer, u.byteOffset, u.length); }
        write(str, offset, enc) {
            if (typeof offset === 'string') { enc = offset; offset = 0; }
            var b = bytesOf(str, enc), at = offset || 0, i = 0;
            for (; i < b.length && at + i < this.length; i++) this[at + i] = b[i];
            return i;
        }
        copy(target, tStart, sStart, sEnd) {
            tStart = tStart || 0; sStart = sStart || 0; sEnd = sEnd === undefined ? this.length : sEnd;
            var n = 0;
            for (var i = sStart; i < sEnd && tStart + n < target.length; i++) target[tStart + n++] = this[i];
            return n;
        }
        indexOf(v, from, enc) {
            if (typeof v === 'number') return Uint8Array.prototype.indexOf.call(this, v, from);
            var needle = typeof v === 'string' ? bytesOf(v, enc) : v;
            outer: for (var i = from || 0; i + needle.length <= this.length; i++) {
                for (var j = 0; j < needle.length; j++) if (this[i + j] !== needle[j]) continue outer;
                return i;
            }
            return -1;
        }
        includes(v, from, enc) { return this.indexOf(v, from, enc) !== -1; }
        readUInt8(o) { return this[o || 0]; }
        readUInt16BE(o) { o = o || 0; return (this[o] << 8) | this[o + 1]; }
        readUInt16LE(o) { o = o || 0; return this[o] | (this[o + 1] << 8); }
        readUInt32BE(o) { o = o || 0; return ((this[o] << 24) >>> 0) + ((this[o + 1] << 16) | (this[o + 2] << 8) | this[o + 3]); }
        readUInt32LE(o) { o = o || 0; return ((this[o + 3] << 24) >>> 0) + ((this[o + 2] << 16) | (this[o + 1] << 8) | this[o]); }
        readInt8(o) { var v = this[o || 0]; return v > 127 ? v - 256 : v; }
        writeUInt8(v, o) { this[o || 0] = v; return (o || 0) + 1; }
    }
    Buffer.poolSize = 8192;

    function StringDecoder(enc) { this.encoding = normEnc(enc); this._rest = []; }
    StringDecoder.prototype.write = function (buf) {
        var bytes = this._rest.concat(Array.prototype.slice.call(buf));
        if (this.encoding !== 'utf8') { this._rest = []; return stringOf(Buffer.from(bytes), this.encoding); }
        var cut = bytes.length;
        for (var i = Math.max(0, bytes.length - 3); i < bytes.length; i++) {
            var c = bytes[i], need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
            if (need > 1 && i + need > bytes.length) { cut = i; break; }
        }
        this._rest = bytes.slice(cut);
        return utf8String(bytes, 0, cut);
    };
    StringDecoder.prototype.end = function (buf) {
        var s = buf ? this.write(buf) : '';
        if (this._rest.length) { s += utf8String(this._rest, 0, this._rest.length); this._rest = []; }
        return s;
    };

    __cdp.define('buffer', function () { return { Buffer: Buffer, kMaxLength: 0x7fffffff, constants: { MAX_LENGTH: 0x7fffffff } }; });
    __cdp.define('string_decoder', function () { return { StringDecoder: StringDecoder }; });
    if (typeof globalThis.Buffer === 'undefined') {
        Object.defineProperty(globalThis, 'Buffer', { value: Buffer, writable: true, configurable: true, enumerable: false });
    }
})();

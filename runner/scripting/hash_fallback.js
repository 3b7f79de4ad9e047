/*
 * cdp-runner: pure-JS message digests for backends that cannot call Python synchronously
 * (mini-racer: its Python callbacks are async-only). Written from scratch for cdp-runner
 * following FIPS 180-4 (SHA-1/SHA-2) and RFC 1321 (MD5), RFC 2104 (HMAC).
 *
 *   __cdp_fallback.hash(alg, dataHex, keyHex|null) -> hex digest, "" if alg is unknown
 *
 * The quickjs backend uses Python's hashlib instead; tests check both against hashlib.
 */
(function (G) {
    'use strict';

    function fromHex(h) {
        var out = new Array(h.length / 2);
        for (var i = 0; i < out.length; i++) out[i] = parseInt(h.substr(i * 2, 2), 16);
        return out;
    }
    function toHex(bytes) {
        var s = '';
        for (var i = 0; i < bytes.length; i++) s += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
        return s;
    }

    // pad message to 64/128-byte blocks with big- or little-endian bit length
    function pad(bytes, block, lenBytes, littleEndian) {
        var m = bytes.slice();
        var bitLen = bytes.length * 8;
        m.push(0x80);
        while ((m.length + lenBytes) % block !== 0) m.push(0);
        var len = [];
        for (var i = 0; i < lenBytes; i++) {
            // bit length fits comfortably in 2^53
            len.push(i < 7 ? Math.floor(bitLen / Math.pow(2, 8 * i)) & 0xff : 0);
        }
        if (!littleEndian) len.reverse();
        return m.concat(len);
    }

    function rotl(x, n) { return (x << n) | (x >>> (32 - n)); }
    function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }

    function md5(bytes) {
        var K = [], S = [7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
            5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
            4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
            6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21];
        for (var i = 0; i < 64; i++) K[i] = Math.floor(Math.abs(Math.sin(i + 1)) * 4294967296) | 0;
        var m = pad(bytes, 64, 8, true);
        var a0 = 0x67452301, b0 = 0xefcdab89 | 0, c0 = 0x98badcfe | 0, d0 = 0x10325476;
        for (var off = 0; off < m.length; off += 64) {
            var M = [];
            for (var j = 0; j < 16; j++) {
                var p = off + j * 4;
                M[j] = m[p] | (m[p + 1] << 8) | (m[p + 2] << 16) | (m[p + 3] << 24);
            }
            var A = a0, B = b0, C = c0, D = d0;
            for (var t = 0; t < 64; t++) {
                var F, g;
                if (t < 16) { F = (B & C) | (~B & D); g = t; }
                else if (t < 32) { F = (D & B) | (~D & C); g = (5 * t + 1) % 16; }
                else if (t < 48) { F = B ^ C ^ D; g = (3 * t + 5) % 16; }
                else { F = C ^ (B | ~D); g = (7 * t) % 16; }
                F = (F + A + K[t] + M[g]) | 0;
                A = D; D = C; C = B;
                B = (B + rotl(F, S[t])) | 0;
            }
            a0 = (a0 + A) | 0; b0 = (b0 + B) | 0; c0 = (c0 + C) | 0; d0 = (d0 + D) | 0;
        }
        var out = [];
        [a0, b0, c0, d0].forEach(function (w) { for (var k = 0; k < 4; k++) out.push((w >>> (8 * k)) & 0xff); });
        return out;
    }

    function words32BE(m, off, n) {
        var W = [];
        for (var j = 0; j < n; j++) {
            var p = off + j * 4;
            W[j] = (m[p] << 24) | (m[p + 1] << 16) | (m[p + 2] << 8) | m[p + 3];
        }
        return W;
    }
    function bytes32BE(words) {
        var out = [];
        words.forEach(function (w) { out.push((w >>> 24) & 0xff, (w >>> 16) & 0xff, (w >>> 8) & 0xff, w & 0xff); });
        return out;
    }

    function sha1(bytes) {
        var m = pad(bytes, 64, 8, false);
        var H = [0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476, 0xc3d2e1f0 | 0];
        for (var off = 0; off < m.length; off += 64) {
            var W = words32BE(m, off, 16);
            for (var t = 16; t < 80; t++) W[t] = rotl(W[t - 3] ^ W[t - 8] ^ W[t - 14] ^ W[t - 16], 1);
            var a = H[0], b = H[1], c = H[2], d = H[3], e = H[4];
            for (t = 0; t < 80; t++) {
                var f, k;
                if (t < 20) { f = (b & c) | (~b & d); k = 0x5a827999; }
                else if (t < 40) { f = b ^ c ^ d; k = 0x6ed9eba1; }
                else if (t < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8f1bbcdc | 0; }
                else { f = b ^ c ^ d; k = 0xca62c1d6 | 0; }
                var tmp = (rotl(a, 5) + f + e + k + W[t]) | 0;
                e = d; d = c; c = rotl(b, 30); b = a; a = tmp;
            }
            H[0] = (H[0] + a) | 0; H[1] = (H[1] + b) | 0; H[2] = (H[2] + c) | 0; H[3] = (H[3] + d) | 0; H[4] = (H[4] + e) | 0;
        }
        return bytes32BE(H);
    }

    var K256 = [];
    (function () {
        // first 32 bits of the fractional parts of the cube roots of the first 64 primes
        var primes = [], n = 2;
        while (primes.length < 64) {
            var isP = true;
            for (var i = 0; i < primes.length && primes[i] * primes[i] <= n; i++) if (n % primes[i] === 0) { isP = false; break; }
            if (isP) primes.push(n);
            n++;
        }
        K256.primes = primes;
        for (var j = 0; j < 64; j++) {
            var c = Math.cbrt(primes[j]);
            K256.push(Math.floor((c - Math.floor(c)) * 4294967296) | 0);
        }
    })();

    function sha256(bytes, is224) {
        var m = pad(bytes, 64, 8, false);
        var H = is224
            ? [0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939, 0xffc00b31, 0x68581511, 0x64f98fa7, 0xbefa4fa4]
            : [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
        H = H.map(function (x) { return x | 0; });
        for (var off = 0; off < m.length; off += 64) {
            var W = words32BE(m, off, 16);
            for (var t = 16; t < 64; t++) {
                var s0 = rotr(W[t - 15], 7) ^ rotr(W[t - 15], 18) ^ (W[t - 15] >>> 3);
                var s1 = rotr(W[t - 2], 17) ^ rotr(W[t - 2], 19) ^ (W[t - 2] >>> 10);
                W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
            }
            var a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
            for (t = 0; t < 64; t++) {
                var S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
                var ch = (e & f) ^ (~e & g);
                var t1 = (h + S1 + ch + K256[t] + W[t]) | 0;
                var S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
                var maj = (a & b) ^ (a & c) ^ (b & c);
                var t2 = (S0 + maj) | 0;
                h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
            }
            H = [H[0] + a, H[1] + b, H[2] + c, H[3] + d, H[4] + e, H[5] + f, H[6] + g, H[7] + h].map(function (x) { return x | 0; });
        }
        return bytes32BE(is224 ? H.slice(0, 7) : H);
    }

    // SHA-512 family with BigInt (64-bit words)
    var M64 = (BigInt(1) << BigInt(64)) - BigInt(1);
    var K512 = ('428a2f98d728ae22 7137449123ef65cd b5c0fbcfec4d3b2f e9b5dba58189dbbc 3956c25bf348b538 59f111f1b605d019 ' +
        '923f82a4af194f9b ab1c5ed5da6d8118 d807aa98a3030242 12835b0145706fbe 243185be4ee4b28c 550c7dc3d5ffb4e2 ' +
        '72be5d74f27b896f 80deb1fe3b1696b1 9bdc06a725c71235 c19bf174cf692694 e49b69c19ef14ad2 efbe4786384f25e3 ' +
        '0fc19dc68b8cd5b5 240ca1cc77ac9c65 2de92c6f592b0275 4a7484aa6ea6e483 5cb0a9dcbd41fbd4 76f988da831153b5 ' +
        '983e5152ee66dfab a831c66d2db43210 b00327c898fb213f bf597fc7beef0ee4 c6e00bf33da88fc2 d5a79147930aa725 ' +
        '06ca6351e003826f 142929670a0e6e70 27b70a8546d22ffc 2e1b21385c26c926 4d2c6dfc5ac42aed 53380d139d95b3df ' +
        '650a73548baf63de 766a0abb3c77b2a8 81c2c92e47edaee6 92722c851482353b a2bfe8a14cf10364 a81a664bbc423001 ' +
        'c24b8b70d0f89791 c76c51a30654be30 d192e819d6ef5218 d69906245565a910 f40e35855771202a 106aa07032bbd1b8 ' +
        '19a4c116b8d2d0c8 1e376c085141ab53 2748774cdf8eeb99 34b0bcb5e19b48a8 391c0cb3c5c95a63 4ed8aa4ae3418acb ' +
        '5b9cca4f7763e373 682e6ff3d6b2b8a3 748f82ee5defb2fc 78a5636f43172f60 84c87814a1f0ab72 8cc702081a6439ec ' +
        '90befffa23631e28 a4506cebde82bde9 bef9a3f7b2c67915 c67178f2e372532b ca273eceea26619c d186b8c721c0c207 ' +
        'eada7dd6cde0eb1e f57d4f7fee6ed178 06f067aa72176fba 0a637dc5a2c898a6 113f9804bef90dae 1b710b35131c471b ' +
        '28db77f523047d84 32caab7b40c72493 3c9ebe0a15c9bebc 431d67c49c100d4c 4cc5d4becb3e42b6 597f299cfc657e2a ' +
        '5fcb6fab3ad6faec 6c44198c4a475817').split(' ').map(function (h) { return BigInt('0x' + h); });

    function r64(x, n) { n = BigInt(n); return ((x >> n) | (x << (BigInt(64) - n))) & M64; }

    function sha512(bytes, is384) {
        var m = pad(bytes, 128, 16, false);
        var H = (is384
            ? 'cbbb9d5dc1059ed8 629a292a367cd507 9159015a3070dd17 152fecd8f70e5939 67332667ffc00b31 8eb44a8768581511 db0c2e0d64f98fa7 47b5481dbefa4fa4'
            : '6a09e667f3bcc908 bb67ae8584caa73b 3c6ef372fe94f82b a54ff53a5f1d36f1 510e527fade682d1 9b05688c2b3e6c1f 1f83d9abfb41bd6b 5be0cd19137e2179')
            .split(' ').map(function (h) { return BigInt('0x' + h); });
        var b8 = BigInt(8), b7 = BigInt(7), b6 = BigInt(6);
        for (var off = 0; off < m.length; off += 128) {
            var W = [];
            for (var j = 0; j < 16; j++) {
                var w = BigInt(0);
                for (var k = 0; k < 8; k++) w = (w << b8) | BigInt(m[off + j * 8 + k]);
                W[j] = w;
            }
            for (var t = 16; t < 80; t++) {
                var s0 = r64(W[t - 15], 1) ^ r64(W[t - 15], 8) ^ (W[t - 15] >> b7);
                var s1 = r64(W[t - 2], 19) ^ r64(W[t - 2], 61) ^ (W[t - 2] >> b6);
                W[t] = (W[t - 16] + s0 + W[t - 7] + s1) & M64;
            }
            var a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
            for (t = 0; t < 80; t++) {
                var S1 = r64(e, 14) ^ r64(e, 18) ^ r64(e, 41);
                var ch = (e & f) ^ (~e & M64 & g);
                var t1 = (h + S1 + ch + K512[t] + W[t]) & M64;
                var S0 = r64(a, 28) ^ r64(a, 34) ^ r64(a, 39);
                var maj = (a & b) ^ (a & c) ^ (b & c);
                var t2 = (S0 + maj) & M64;
                h = g; g = f; f = e; e = (d + t1) & M64; d = c; c = b; b = a; a = (t1 + t2) & M64;
            }
            H = [H[0] + a, H[1] + b, H[2] + c, H[3] + d, H[4] + e, H[5] + f, H[6] + g, H[7] + h].map(function (x) { return x & M64; });
        }
        var out = [];
        (is384 ? H.slice(0, 6) : H).forEach(function (x) {
            var hx = x.toString(16);
            hx = ('0000000000000000' + hx).slice(-16);
            for (var i = 0; i < 16; i += 2) out.push(parseInt(hx.substr(i, 2), 16));
        });
        return out;
    }

    var ALGS = {
        md5: [md5, 64], sha1: [sha1, 64],
        sha224: [function (b) { return sha256(b, true); }, 64], sha256: [function (b) { return sha256(b, false); }, 64],
        sha384: [function (b) { return sha512(b, true); }, 128], sha512: [function (b) { return sha512(b, false); }, 128]
    };

    function hmac(alg, data, key) {
        var fn = ALGS[alg][0], block = ALGS[alg][1];
        if (key.length > block) key = fn(key);
        key = key.slice();
        while (key.length < block) key.push(0);
        var ipad = key.map(function (x) { return x ^ 0x36; });
        var opad = key.map(function (x) { return x ^ 0x5c; });
        return fn(opad.concat(fn(ipad.concat(data))));
    }

    G.__cdp_fallback = {
        hash: function (alg, dataHex, keyHex) {
            if (!Object.prototype.hasOwnProperty.call(ALGS, alg)) return '';
            var data = fromHex(dataHex);
            if (keyHex === null || keyHex === undefined) return toHex(ALGS[alg][0](data));
            return toHex(hmac(alg, data, fromHex(keyHex)));
        }
    };
})(globalThis);

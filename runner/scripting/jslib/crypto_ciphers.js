/*
 * CryptoJS's ciphers for Postman scripts: cdp-runner's own code for the API surface (AES, DES,
 * TripleDES with CryptoJS's modes, paddings, passphrase key derivation (EvpKDF, MD5) and the
 * OpenSSL "Salted__" format; PBKDF2). The blocks are transformed by the host: the `cryptography`
 * package (host call `cipher`) and hashlib (host call `pbkdf2`).
 */
(function () {
    'use strict';
    __cdp.define('crypto-ciphers', function (m) {
        var C = m.CryptoJS, WA = m.WordArray;
        function wa(hex) { return new WA(hex); }
        function hexOf(x) { return x instanceof WA ? x._hex : m.binToHex(m.utf8Encode(String(x === undefined || x === null ? '' : x))); }
        function byteHex(n) { return (256 + n).toString(16).slice(1); }
        function randomHex(n) { var h = ''; for (var i = 0; i < n; i++) h += byteHex(Math.floor(Math.random() * 256)); return h; }
        function repeatHex(b, n) { var h = ''; for (var i = 0; i < n; i++) h += b; return h; }
        function fill(h, bs) { return bs - (h.length / 2) % bs; }
        function stripCount(h) { if (!h) return h; var n = parseInt(h.slice(-2), 16); return n > h.length / 2 ? '' : h.slice(0, h.length - 2 * n); }

        var pad = {
            Pkcs7: { pad: function (h, bs) { var n = fill(h, bs); return h + repeatHex(byteHex(n), n); }, unpad: stripCount },
            AnsiX923: { pad: function (h, bs) { var n = fill(h, bs); return h + repeatHex('00', n - 1) + byteHex(n); }, unpad: stripCount },
            Iso10126: { pad: function (h, bs) { var n = fill(h, bs); return h + randomHex(n - 1) + byteHex(n); }, unpad: stripCount },
            Iso97971: {
                pad: function (h, bs) { h += '80'; var r = (h.length / 2) % bs; return r ? h + repeatHex('00', bs - r) : h; },
                unpad: function (h) { while (h.length && h.slice(-2) === '00') h = h.slice(0, -2); return h.slice(-2) === '80' ? h.slice(0, -2) : h; }
            },
            ZeroPadding: {
                pad: function (h, bs) { var r = (h.length / 2) % bs; return r ? h + repeatHex('00', bs - r) : h; },
                unpad: function (h) { while (h.length && h.slice(-2) === '00') h = h.slice(0, -2); return h; }
            },
            NoPadding: { pad: function (h) { return h; }, unpad: function (h) { return h; } }
        };
        var mode = {};
        ['CBC', 'ECB', 'CTR', 'CFB', 'OFB'].forEach(function (n) { mode[n] = { name: n }; });
        mode.CTRGladman = { name: 'CTRGladman' };

        function CipherParams(o) { var self = this; Object.keys(o || {}).forEach(function (k) { self[k] = o[k]; }); }
        CipherParams.prototype.toString = function (formatter) { return (formatter || this.formatter || OpenSSL).stringify(this); };
        var SALTED = '53616c7465645f5f'; // "Salted__"
        var OpenSSL = {
            stringify: function (p) { return C.enc.Base64.stringify(wa(p.salt ? SALTED + p.salt._hex + p.ciphertext._hex : p.ciphertext._hex)); },
            parse: function (s) {
                var h = C.enc.Base64.parse(String(s))._hex;
                if (h.slice(0, 16) === SALTED) return new CipherParams({ ciphertext: wa(h.slice(32)), salt: wa(h.slice(16, 32)) });
                return new CipherParams({ ciphertext: wa(h) });
            }
        };
        var HexFormat = {
            stringify: function (p) { return p.ciphertext._hex; },
            parse: function (s) { return new CipherParams({ ciphertext: wa(String(s).toLowerCase()) }); }
        };

        var algo = {};
        ['MD5', 'SHA1', 'SHA224', 'SHA256', 'SHA384', 'SHA512'].forEach(function (n) { algo[n] = { __name: n }; });
        function hashWith(hasher) { var n = hasher && hasher.__name ? hasher.__name : 'MD5'; return C[n]; }
        function evpKDF(passHex, saltHex, keyBytes, ivBytes, iterations, hasher) {
            var out = '', block = '', h = hashWith(hasher);
            while (out.length < (keyBytes + ivBytes) * 2) {
                var d = h(wa(block + passHex + saltHex));
                for (var i = 1; i < (iterations || 1); i++) d = h(d);
                block = d._hex;
                out += block;
            }
            return { key: wa(out.slice(0, keyBytes * 2)), iv: wa(out.slice(keyBytes * 2, (keyBytes + ivBytes) * 2)) };
        }

        function makeCipher(alg, blockBytes, keyBytes) {
            function run(op, dataHex, key, cfg) {
                if (cfg.mode.name === 'CTRGladman') throw new Error("require('crypto-js'): mode CTRGladman is not supported");
                return m.host('cipher', { alg: alg, mode: cfg.mode.name, op: op, key: key._hex, iv: cfg.iv ? cfg.iv._hex : '', data: dataHex });
            }
            function config(cfg) {
                var c = { mode: mode.CBC, padding: pad.Pkcs7 };
                Object.keys(cfg || {}).forEach(function (k) { if (cfg[k] !== undefined) c[k] = cfg[k]; });
                return c;
            }
            return {
                keySize: keyBytes / 4, ivSize: blockBytes / 4, blockSize: blockBytes / 4,
                encrypt: function (message, key, cfg) {
                    cfg = config(cfg);
                    var salt = null, iv = cfg.iv;
                    if (typeof key === 'string') {
                        salt = cfg.salt === undefined ? wa(randomHex(8)) : cfg.salt instanceof WA ? cfg.salt : wa(hexOf(cfg.salt));
                        var d = evpKDF(hexOf(key), salt._hex, keyBytes, blockBytes);
                        key = d.key; iv = d.iv;
                    }
                    var ct = run('encrypt', cfg.padding.pad(hexOf(message), blockBytes), key, { mode: cfg.mode, iv: cfg.mode === mode.ECB ? null : iv });
                    return new CipherParams({ ciphertext: wa(ct), key: key, iv: iv, salt: salt, algorithm: this, mode: cfg.mode,
                        padding: cfg.padding, blockSize: blockBytes / 4, formatter: cfg.format || OpenSSL });
                },
                decrypt: function (ciphertext, key, cfg) {
                    cfg = config(cfg);
                    var params = typeof ciphertext === 'string' ? (cfg.format || OpenSSL).parse(ciphertext) : ciphertext;
                    var iv = cfg.iv;
                    if (typeof key === 'string') {
                        var d = evpKDF(hexOf(key), params.salt ? params.salt._hex : '', keyBytes, blockBytes);
                        key = d.key; iv = d.iv;
                    }
                    var pt = run('decrypt', params.ciphertext._hex, key, { mode: cfg.mode, iv: cfg.mode === mode.ECB ? null : iv });
                    return wa(cfg.padding.unpad(pt));
                }
            };
        }

        function PBKDF2(password, salt, cfg) {
            cfg = cfg || {};
            var hasher = cfg.hasher && cfg.hasher.__name ? cfg.hasher.__name.toLowerCase() : 'sha1';
            return wa(m.host('pbkdf2', { password: hexOf(password), salt: hexOf(salt), iterations: cfg.iterations || 1,
                bytes: (cfg.keySize || 4) * 4, hash: hasher }));
        }
        function EvpKDF(password, salt, cfg) {
            cfg = cfg || {};
            return evpKDF(hexOf(password), hexOf(salt), (cfg.keySize || 4) * 4, 0, cfg.iterations || 1, cfg.hasher).key;
        }

        return {
            AES: makeCipher('AES', 16, 32), DES: makeCipher('DES', 8, 8), TripleDES: makeCipher('TripleDES', 8, 24),
            mode: mode, pad: pad, format: { OpenSSL: OpenSSL, Hex: HexFormat }, algo: algo,
            CipherParams: { create: function (o) { return new CipherParams(o); } },
            PBKDF2: PBKDF2, EvpKDF: EvpKDF
        };
    });
})();

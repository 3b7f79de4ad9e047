/*
 * xml2js (and Postman's legacy xml2Json) for scripts: cdp-runner's own code. Parsing is done by
 * the host (Python's expat, entity declarations refused; host call `xml`) into xml2js's object
 * shape; Builder is written here.
 */
(function () {
    'use strict';
    var PARSE_OPTIONS = ['explicitArray', 'explicitRoot', 'mergeAttrs', 'ignoreAttrs', 'attrkey', 'charkey',
        'explicitCharkey', 'trim', 'normalize', 'normalizeTags', 'emptyTag'];
    var PROCESSOR_OPTIONS = ['tagNameProcessors', 'attrNameProcessors', 'valueProcessors', 'attrValueProcessors'];

    function chain(fns, value, name) {
        (fns || []).forEach(function (f) { value = f(value, name); });
        return value;
    }
    function applyProcessors(node, o, attrkey, charkey) {
        if (Array.isArray(node)) return node.map(function (n) { return applyProcessors(n, o, attrkey, charkey); });
        if (typeof node === 'string') return chain(o.valueProcessors, node);
        if (!node || typeof node !== 'object') return node;
        var out = {};
        Object.keys(node).forEach(function (k) {
            var v = node[k];
            if (k === attrkey) {
                var attrs = {};
                Object.keys(v).forEach(function (a) {
                    attrs[chain(o.attrNameProcessors, a)] = chain(o.attrValueProcessors, v[a], a);
                });
                out[k] = attrs;
            } else if (k === charkey) out[k] = chain(o.valueProcessors, v);
            else out[chain(o.tagNameProcessors, k)] = applyProcessors(v, o, attrkey, charkey);
        });
        return out;
    }

    function parse(m, text, options) {
        var o = options || {}, sent = {};
        PARSE_OPTIONS.forEach(function (k) { if (o[k] !== undefined) sent[k] = o[k]; });
        Object.keys(o).forEach(function (k) {
            if (PARSE_OPTIONS.indexOf(k) < 0 && PROCESSOR_OPTIONS.indexOf(k) < 0 && ['async', 'strict', 'xmlns', 'explicitChildren',
                'preserveChildrenOrder', 'charsAsChildren', 'includeWhiteChars', 'childkey', 'validator', 'chunkSize'].indexOf(k) < 0) return;
            if (['explicitChildren', 'preserveChildrenOrder', 'charsAsChildren', 'validator', 'xmlns'].indexOf(k) >= 0 && o[k]) {
                throw new Error("require('xml2js'): option " + k + ' is not supported');
            }
        });
        if (String(text).trim() === '') return null;
        var result = m.host('xml', { text: String(text), options: sent });
        if (PROCESSOR_OPTIONS.some(function (k) { return o[k] && o[k].length; })) {
            result = applyProcessors(result, o, o.attrkey || '$', o.charkey || '_');
        }
        return result;
    }

    function escapeXml(s) {
        return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    }
    function Builder(opts) {
        this.options = opts || {};
    }
    Builder.prototype.buildObject = function (obj) {
        var o = this.options, attrkey = o.attrkey || '$', charkey = o.charkey || '_';
        var pretty = !(o.renderOpts && o.renderOpts.pretty === false);
        var indent = pretty ? ((o.renderOpts && o.renderOpts.indent) || '  ') : '';
        var nl = pretty ? ((o.renderOpts && o.renderOpts.newline) || '\n') : '';
        var root = o.rootName || 'root';
        var keys = obj && typeof obj === 'object' ? Object.keys(obj) : [];
        if (keys.length === 1 && o.rootName === undefined) { root = keys[0]; obj = obj[root]; }
        function el(name, v, depth) {
            var pad = new Array(depth + 1).join(indent);
            if (Array.isArray(v)) return v.map(function (x) { return el(name, x, depth); }).join('');
            if (v === null || v === undefined || typeof v !== 'object') {
                var t = v === null || v === undefined ? '' : escapeXml(v);
                return pad + (t === '' ? '<' + name + '/>' : '<' + name + '>' + t + '</' + name + '>') + nl;
            }
            var attrs = '', text = '', kids = '';
            Object.keys(v).forEach(function (k) {
                if (k === attrkey) Object.keys(v[k]).forEach(function (a) { attrs += ' ' + a + '="' + escapeXml(v[k][a]) + '"'; });
                else if (k === charkey) text += escapeXml(v[k]);
                else kids += el(k, v[k], depth + 1);
            });
            if (!kids && !text) return pad + '<' + name + attrs + '/>' + nl;
            if (!kids) return pad + '<' + name + attrs + '>' + text + '</' + name + '>' + nl;
            return pad + '<' + name + attrs + '>' + nl + (text ? pad + indent + text + nl : '') + kids + pad + '</' + name + '>' + nl;
        }
        var decl = o.headless ? '' : '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + nl;
        var out = decl + el(root, obj, 0);
        return pretty ? out.replace(/\n$/, '') : out;
    };

    __cdp.define('xml2js', function (m) {
        function Parser(opts) { this.options = opts || {}; }
        Parser.prototype.parseString = function (text, cb) {
            var result, err = null;
            try { result = parse(m, text, this.options); } catch (e) {
                if (e && e.name === 'HostNeed') throw e;
                err = e;
            }
            if (typeof cb === 'function') cb(err, err ? undefined : result);
            return undefined;
        };
        Parser.prototype.parseStringPromise = function (text) {
            var self = this;
            return new Promise(function (resolve, reject) {
                self.parseString(text, function (e, r) { if (e) reject(e); else resolve(r); });
            });
        };
        var processors = {
            normalize: function (s) { return String(s).toLowerCase(); },
            firstCharLowerCase: function (s) { s = String(s); return s.charAt(0).toLowerCase() + s.slice(1); },
            stripPrefix: function (s) { return String(s).replace(/^[^:]*:/, ''); },
            parseNumbers: function (s) { return s !== '' && !isNaN(s) ? (s % 1 === 0 ? parseInt(s, 10) : parseFloat(s)) : s; },
            parseBooleans: function (s) { return /^(?:true|false)$/i.test(s) ? s.toLowerCase() === 'true' : s; }
        };
        return {
            Parser: Parser,
            Builder: Builder,
            processors: processors,
            defaults: { '0.2': {}, '0.1': {} },
            parseString: function (text, opts, cb) {
                if (typeof opts === 'function') { cb = opts; opts = {}; }
                return new Parser(opts).parseString(text, cb);
            },
            parseStringPromise: function (text, opts) { return new Parser(opts).parseStringPromise(text); },
            ValidationError: Error
        };
    });

    // Postman's legacy xml2Json(text): xml2js with explicitArray false and trim; undefined when the text is not XML
    __cdp.define('xml2Json', function (m) {
        return function xml2Json(text) {
            var out = {};
            m.require('xml2js').parseString(text, { explicitArray: false, async: false, trim: true, mergeAttrs: false },
                function (err, result) { out = result; });
            return out;
        };
    });
})();

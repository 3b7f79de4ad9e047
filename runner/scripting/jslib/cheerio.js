/*
 * cheerio for Postman scripts: cdp-runner's own code, a jQuery-like API over a document the
 * host parses (selectolax/lexbor, host call `html`); CSS selectors are run by the host too
 * (host call `css`), against the document as the script has changed it.
 */
(function () {
    'use strict';
    var VOID = ['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr'];

    function esc(s, attr) {
        s = String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
        return attr ? s.replace(/"/g, '&quot;') : s;
    }
    function build(raw, parent, byIndex) {
        var node;
        if (typeof raw === 'string') node = { type: 'text', data: raw };
        else if (raw.c !== undefined) node = { type: 'comment', data: raw.c };
        else {
            node = { type: raw.t === 'script' ? 'script' : raw.t === 'style' ? 'style' : 'tag', name: raw.t, tagName: raw.t, attribs: raw.a, children: [] };
            if (raw.i >= 0) byIndex[raw.i] = node;
            var kids = raw.k.map(function (k) { return build(k, node, byIndex); });
            kids.forEach(function (k, i) { k.prev = kids[i - 1] || null; k.next = kids[i + 1] || null; });
            node.children = kids;
        }
        node.parent = parent;
        return node;
    }
    function isTag(n) { return n && (n.type === 'tag' || n.type === 'script' || n.type === 'style'); }
    function textOf(n) {
        if (n.type === 'text') return n.data;
        if (n.type === 'comment') return '';
        return (n.children || []).map(textOf).join('');
    }
    function htmlOf(n) {
        if (n.type === 'text') return n.parent && (n.parent.name === 'script' || n.parent.name === 'style') ? n.data : esc(n.data);
        if (n.type === 'comment') return '<!--' + n.data + '-->';
        if (n.type === 'root') return n.children.map(htmlOf).join('');
        var attrs = Object.keys(n.attribs).map(function (k) { return ' ' + k + '="' + esc(n.attribs[k], true) + '"'; }).join('');
        if (VOID.indexOf(n.name) >= 0) return '<' + n.name + attrs + '>';
        return '<' + n.name + attrs + '>' + n.children.map(htmlOf).join('') + '</' + n.name + '>';
    }
    function contains(anc, n) { for (var p = n.parent; p; p = p.parent) if (p === anc) return true; return false; }

    __cdp.define('cheerio', function (m) {
        function load(html, options) {
            if (html && typeof html === 'object' && html.type) html = htmlOf(html);
            html = html === undefined || html === null ? '' : String(html);
            var byIndex = [], dirty = false;
            var root = { type: 'root', name: 'root', children: [], attribs: {}, parent: null };
            root.children = m.host('html', html).map(function (r) { return build(r, root, byIndex); });
            function elements() {
                var out = [];
                (function walk(n) { (n.children || []).forEach(function (c) { if (isTag(c)) { out.push(c); walk(c); } }); })(root);
                return out;
            }
            function matches(selector) {
                // after a change, the host selects in the changed document (serialised); elements map by document order
                var doc = dirty ? htmlOf(root) : html, els = dirty ? elements() : byIndex;
                return m.host('css', { html: doc, selector: String(selector) }).map(function (i) { return els[i]; }).filter(Boolean);
            }
            function fragment(content) {
                if (content instanceof Sel) return content.nodes;
                if (content && content.type) return [content];
                var holder = { type: 'root', children: [] };
                return m.host('html', String(content)).map(function (r) { return build(r, holder, []); });
            }
            function setParent(nodes, parent) {
                nodes.forEach(function (n) { n.parent = parent; });
                var kids = parent.children;
                kids.forEach(function (k, i) { k.prev = kids[i - 1] || null; k.next = kids[i + 1] || null; });
            }
            function detach(n) {
                if (!n.parent) return;
                var kids = n.parent.children, i = kids.indexOf(n);
                if (i >= 0) kids.splice(i, 1);
                setParent([], n.parent);
                n.parent = null;
            }
            function insertAt(parent, index, nodes) {
                nodes.forEach(detach);
                Array.prototype.splice.apply(parent.children, [index, 0].concat(nodes));
                setParent(nodes, parent);
                dirty = true;
            }
            function copies(content, count) {
                // the first target gets the nodes, the others get copies (as jQuery does)
                var nodes = fragment(content);
                return function (i) { return i === count - 1 ? nodes : nodes.map(function (n) { return build(toRaw(n), null, []); }); };
            }
            function toRaw(n) {
                if (n.type === 'text') return n.data;
                if (n.type === 'comment') return { c: n.data };
                return { t: n.name, a: Object.assign({}, n.attribs), k: (n.children || []).map(toRaw), i: -1 };
            }
            function matchSet(selector) { var s = matches(selector); return function (n) { return s.indexOf(n) >= 0; }; }
            function predicate(sel) {
                if (typeof sel === 'function') return function (n, i) { return !!sel.call(n, i, n); };
                if (sel instanceof Sel) return function (n) { return sel.nodes.indexOf(n) >= 0; };
                if (sel && sel.type) return function (n) { return n === sel; };
                return matchSet(sel);
            }
            function Sel(nodes) {
                this.nodes = nodes.filter(function (n, i) { return nodes.indexOf(n) === i; });
                var self = this;
                this.nodes.forEach(function (n, i) { self[i] = n; });
                this.length = this.nodes.length;
            }
            function wrap(nodes) { return new Sel(nodes); }
            var P = Sel.prototype;
            P.cheerio = '[cheerio object]';
            P.each = function (fn) { for (var i = 0; i < this.nodes.length; i++) if (fn.call(this.nodes[i], i, this.nodes[i]) === false) break; return this; };
            P.map = function (fn) {
                var out = [];
                this.nodes.forEach(function (n, i) { var r = fn.call(n, i, n); if (r !== null && r !== undefined) out = out.concat(r); });
                return wrap(out.filter(function (x) { return x && x.type; })).__withValues(out);
            };
            P.__withValues = function (vals) { var s = this; s.get = function (i) { return i === undefined ? vals.slice() : vals[i < 0 ? vals.length + i : i]; }; s.toArray = function () { return vals.slice(); }; s.length = vals.length; return s; };
            P.get = function (i) { return i === undefined ? this.nodes.slice() : this.nodes[i < 0 ? this.nodes.length + i : i]; };
            P.toArray = function () { return this.nodes.slice(); };
            P.eq = function (i) { var n = this.nodes[i < 0 ? this.nodes.length + i : i]; return wrap(n ? [n] : []); };
            P.first = function () { return this.eq(0); };
            P.last = function () { return this.eq(-1); };
            P.slice = function (a, b) { return wrap(this.nodes.slice(a, b)); };
            P.index = function (sel) {
                if (sel === undefined) { var n = this.nodes[0]; return n && n.parent ? n.parent.children.filter(isTag).indexOf(n) : -1; }
                var p = predicate(sel); return this.nodes.findIndex(function (x, i) { return p(x, i); });
            };
            P.find = function (sel) {
                var ctx = this.nodes;
                if (sel instanceof Sel || (sel && sel.type)) {
                    var cand = sel instanceof Sel ? sel.nodes : [sel];
                    return wrap(cand.filter(function (n) { return ctx.some(function (c) { return contains(c, n); }); }));
                }
                return wrap(matches(sel).filter(function (n) { return ctx.some(function (c) { return c === root || contains(c, n); }); }));
            };
            P.children = function (sel) {
                var out = [];
                this.nodes.forEach(function (n) { (n.children || []).forEach(function (c) { if (isTag(c)) out.push(c); }); });
                return sel === undefined ? wrap(out) : wrap(out).filter(sel);
            };
            P.contents = function () { var out = []; this.nodes.forEach(function (n) { out = out.concat(n.children || []); }); return wrap(out); };
            P.parent = function (sel) {
                var out = this.nodes.map(function (n) { return n.parent; }).filter(function (p) { return p && p.type !== 'root'; });
                return sel === undefined ? wrap(out) : wrap(out).filter(sel);
            };
            P.parents = function (sel) {
                var out = [];
                this.nodes.forEach(function (n) { for (var p = n.parent; p && p.type !== 'root'; p = p.parent) out.push(p); });
                return sel === undefined ? wrap(out) : wrap(out).filter(sel);
            };
            P.closest = function (sel) {
                var p = predicate(sel), out = [];
                this.nodes.forEach(function (n) { for (var x = n; x && x.type !== 'root'; x = x.parent) if (p(x)) { out.push(x); break; } });
                return wrap(out);
            };
            function sib(dir) {
                return function (sel) {
                    var out = [];
                    this.nodes.forEach(function (n) { var x = n[dir]; while (x && !isTag(x)) x = x[dir]; if (x) out.push(x); });
                    return sel === undefined ? wrap(out) : wrap(out).filter(sel);
                };
            }
            P.next = sib('next');
            P.prev = sib('prev');
            P.siblings = function (sel) {
                var out = [], self = this.nodes;
                self.forEach(function (n) { (n.parent ? n.parent.children : []).forEach(function (c) { if (isTag(c) && self.indexOf(c) < 0) out.push(c); }); });
                return sel === undefined ? wrap(out) : wrap(out).filter(sel);
            };
            P.filter = function (sel) { var p = predicate(sel); return wrap(this.nodes.filter(function (n, i) { return p(n, i); })); };
            P.not = function (sel) { var p = predicate(sel); return wrap(this.nodes.filter(function (n, i) { return !p(n, i); })); };
            P.is = function (sel) { var p = predicate(sel); return this.nodes.some(function (n, i) { return p(n, i); }); };
            P.has = function (sel) { var inner = matches(sel); return wrap(this.nodes.filter(function (n) { return inner.some(function (x) { return contains(n, x); }); })); };
            P.add = function (sel) { return wrap(this.nodes.concat(sel instanceof Sel ? sel.nodes : $(sel).nodes)); };
            P.text = function (v) {
                if (v !== undefined) { this.nodes.forEach(function (n) { n.children = [{ type: 'text', data: String(v), parent: n, prev: null, next: null }]; }); dirty = true; return this; }
                return this.nodes.map(textOf).join('');
            };
            P.html = function (v) {
                if (v !== undefined) {
                    var make = copies(v, this.nodes.length);
                    this.nodes.forEach(function (n, i) { if (!isTag(n)) return; n.children = []; insertAt(n, 0, make(i)); });
                    return this;
                }
                var n = this.nodes[0];
                return n ? (n.children || []).map(htmlOf).join('') : null;
            };
            P.toString = function () { return this.nodes.map(htmlOf).join(''); };
            P.attr = function (name, value) {
                if (name && typeof name === 'object') { var self = this; Object.keys(name).forEach(function (k) { self.attr(k, name[k]); }); return this; }
                if (value !== undefined) { this.nodes.forEach(function (n) { if (isTag(n)) { if (value === null) delete n.attribs[name]; else n.attribs[name] = String(value); } }); dirty = true; return this; }
                var n = this.nodes[0];
                if (!n || !isTag(n)) return undefined;
                if (name === undefined) return Object.assign({}, n.attribs);
                return Object.prototype.hasOwnProperty.call(n.attribs, name) ? n.attribs[name] : undefined;
            };
            P.removeAttr = function (name) { this.nodes.forEach(function (n) { if (isTag(n)) delete n.attribs[name]; }); dirty = true; return this; };
            function classes(n) { return (n.attribs['class'] || '').split(/\s+/).filter(Boolean); }
            function setClasses(n, list) { if (list.length) n.attribs['class'] = list.join(' '); else delete n.attribs['class']; dirty = true; }
            P.addClass = function (c) {
                var add = String(c).split(/\s+/).filter(Boolean);
                this.nodes.forEach(function (n) { if (isTag(n)) setClasses(n, classes(n).concat(add.filter(function (x) { return classes(n).indexOf(x) < 0; }))); });
                return this;
            };
            P.removeClass = function (c) {
                var drop = c === undefined ? null : String(c).split(/\s+/).filter(Boolean);
                this.nodes.forEach(function (n) { if (isTag(n)) setClasses(n, drop ? classes(n).filter(function (x) { return drop.indexOf(x) < 0; }) : []); });
                return this;
            };
            P.toggleClass = function (c, state) {
                var names = String(c).split(/\s+/).filter(Boolean);
                this.nodes.forEach(function (n) {
                    if (!isTag(n)) return;
                    var list = classes(n);
                    names.forEach(function (x) {
                        var has = list.indexOf(x) >= 0, want = state === undefined ? !has : !!state;
                        if (want && !has) list.push(x); else if (!want && has) list = list.filter(function (y) { return y !== x; });
                    });
                    setClasses(n, list);
                });
                return this;
            };
            P.append = function (content) { var make = copies(content, this.nodes.length); this.nodes.forEach(function (n, i) { insertAt(n, n.children.length, make(i)); }); return this; };
            P.prepend = function (content) { var make = copies(content, this.nodes.length); this.nodes.forEach(function (n, i) { insertAt(n, 0, make(i)); }); return this; };
            P.after = function (content) {
                var make = copies(content, this.nodes.length);
                this.nodes.forEach(function (n, i) { if (n.parent) insertAt(n.parent, n.parent.children.indexOf(n) + 1, make(i)); });
                return this;
            };
            P.before = function (content) {
                var make = copies(content, this.nodes.length);
                this.nodes.forEach(function (n, i) { if (n.parent) insertAt(n.parent, n.parent.children.indexOf(n), make(i)); });
                return this;
            };
            P.replaceWith = function (content) {
                var make = copies(content, this.nodes.length);
                this.nodes.forEach(function (n, i) { var p = n.parent; if (!p) return; var at = p.children.indexOf(n); detach(n); insertAt(p, at, make(i)); });
                return this;
            };
            P.remove = function (sel) { (sel === undefined ? this.nodes : this.filter(sel).nodes).forEach(detach); dirty = true; return this; };
            P.empty = function () { this.nodes.forEach(function (n) { (n.children || []).forEach(function (c) { c.parent = null; }); n.children = []; }); dirty = true; return this; };
            P.prop = function (name) {
                var n = this.nodes[0];
                if (!n) return undefined;
                if (name === 'tagName' || name === 'nodeName') return n.name ? n.name.toUpperCase() : undefined;
                if (name === 'outerHTML') return htmlOf(n);
                if (name === 'innerHTML') return (n.children || []).map(htmlOf).join('');
                if (name === 'textContent' || name === 'innerText') return textOf(n);
                if (name === 'checked' || name === 'selected' || name === 'disabled') return n.attribs && name in n.attribs;
                return n.attribs ? n.attribs[name] : undefined;
            };
            P.data = function (name) {
                var n = this.nodes[0], out = {};
                if (!n || !isTag(n)) return undefined;
                Object.keys(n.attribs).forEach(function (k) {
                    if (k.indexOf('data-') !== 0) return;
                    var key = k.slice(5).replace(/-([a-z])/g, function (x, c) { return c.toUpperCase(); }), v = n.attribs[k];
                    try { v = /^(?:true|false|null|-?\d+(?:\.\d+)?|[\[{].*)$/.test(v) ? JSON.parse(v) : v; } catch (e) { /* keep text */ }
                    out[key] = v;
                });
                return name === undefined ? out : out[name];
            };
            P.val = function () {
                var n = this.nodes[0];
                if (!n) return undefined;
                if (n.name === 'textarea') return textOf(n);
                if (n.name === 'select') { var o = wrap([n]).find('option[selected]'); return o.length ? o.val() : wrap([n]).find('option').first().val(); }
                if (n.name === 'option') return n.attribs.value !== undefined ? n.attribs.value : textOf(n);
                return n.attribs.value;
            };
            P.hasClass = function (c) { return this.nodes.some(function (n) { return isTag(n) && (' ' + (n.attribs['class'] || '') + ' ').replace(/\s+/g, ' ').indexOf(' ' + c + ' ') >= 0; }); };
            m.unsupported('cheerio', ['insertAfter', 'insertBefore', 'appendTo', 'prependTo', 'wrap', 'unwrap', 'wrapAll', 'css',
                'serialize', 'serializeArray', 'clone', 'nextAll', 'prevAll', 'nextUntil', 'prevUntil', 'parentsUntil', 'end', 'addBack'], P);

            function $(sel, context) {
                if (sel === undefined || sel === null || sel === '') return wrap([]);
                if (sel instanceof Sel) return sel;
                if (sel && sel.type) return wrap([sel]);
                if (Array.isArray(sel)) return wrap(sel);
                if (typeof sel === 'string' && /^\s*</.test(sel)) return load(sel).root().contents();
                if (context !== undefined) return $(context).find(sel);
                return wrap(matches(sel));
            }
            $.root = function () { return wrap([root]); };
            $.html = function (sel) { return sel === undefined ? htmlOf(root) : $(sel).toString(); };
            $.text = function (sel) { return sel === undefined ? textOf(root) : $(sel).text(); };
            $.load = load;
            $.contains = contains;
            $.fn = P;
            return $;
        }
        // cheerio itself is a function, as in cheerio 0.22: cheerio(selector, htmlOrNode) or cheerio('<p>..</p>')
        function cheerio(sel, context) {
            if (typeof context === 'string') return load(context)(sel);
            if (context && context.type) return load(context)(sel);
            return load('')(sel);
        }
        cheerio.load = load;
        cheerio.version = '0.22.0';
        return cheerio;
    });
})();

/*
 * backbone (minimal) for Postman scripts and the legacy `Backbone` global: cdp-runner's own code.
 * Events, Model and Collection basics with extend(); Router, View, History and sync throw
 * "require('backbone'): function X is not supported".
 */
(function () {
    'use strict';
    __cdp.define('backbone', function (m) {
        var Events = {
            on: function (name, fn, ctx) { var ev = this._events || (this._events = {}); (ev[name] || (ev[name] = [])).push({ fn: fn, ctx: ctx || this }); return this; },
            once: function (name, fn, ctx) { var self = this; function w() { self.off(name, w); fn.apply(this, arguments); } return this.on(name, w, ctx); },
            off: function (name, fn) {
                if (!this._events) return this;
                if (name === undefined) { this._events = {}; return this; }
                this._events[name] = fn === undefined ? [] : (this._events[name] || []).filter(function (h) { return h.fn !== fn; });
                return this;
            },
            trigger: function (name) {
                var args = Array.prototype.slice.call(arguments, 1), ev = this._events || {};
                (ev[name] || []).slice().forEach(function (h) { h.fn.apply(h.ctx, args); });
                (ev.all || []).slice().forEach(function (h) { h.fn.apply(h.ctx, [name].concat(args)); });
                return this;
            }
        };
        Events.bind = Events.on; Events.unbind = Events.off;
        function extend(protoProps, staticProps) {
            var parent = this, child = protoProps && Object.prototype.hasOwnProperty.call(protoProps, 'constructor') ? protoProps.constructor : function () { return parent.apply(this, arguments); };
            Object.assign(child, parent, staticProps);
            child.prototype = Object.assign(Object.create(parent.prototype), protoProps, { constructor: child });
            child.__super__ = parent.prototype;
            return child;
        }
        var idCounter = 0;
        function Model(attrs, options) {
            this.cid = 'c' + (++idCounter);
            this.attributes = {};
            var defaults = typeof this.defaults === 'function' ? this.defaults() : this.defaults;
            this.set(Object.assign({}, defaults, attrs), options);
            this.changed = {};
            if (typeof this.initialize === 'function') this.initialize.apply(this, arguments);
        }
        Object.assign(Model.prototype, Events, {
            idAttribute: 'id',
            get: function (k) { return this.attributes[k]; },
            has: function (k) { return this.attributes[k] !== null && this.attributes[k] !== undefined; },
            set: function (key, val, options) {
                var attrs = typeof key === 'object' ? key : {}; if (typeof key !== 'object') attrs[key] = val; else options = val;
                var self = this; this.changed = {};
                Object.keys(attrs || {}).forEach(function (k) {
                    if (options && options.unset) delete self.attributes[k]; else self.attributes[k] = attrs[k];
                    self.changed[k] = attrs[k];
                    if (!(options && options.silent)) self.trigger('change:' + k, self, attrs[k]);
                });
                if (self.idAttribute in self.attributes) self.id = self.attributes[self.idAttribute];
                if (Object.keys(this.changed).length && !(options && options.silent)) this.trigger('change', this);
                return this;
            },
            unset: function (k, options) { var o = {}; o[k] = undefined; return this.set(o, Object.assign({}, options, { unset: true })); },
            clear: function (options) { var self = this; Object.keys(this.attributes).forEach(function (k) { self.unset(k, options); }); return this; },
            toJSON: function () { return Object.assign({}, this.attributes); },
            clone: function () { return new this.constructor(this.attributes); },
            keys: function () { return Object.keys(this.attributes); },
            values: function () { var a = this.attributes; return Object.keys(a).map(function (k) { return a[k]; }); },
            isNew: function () { return !this.has(this.idAttribute); },
            hasChanged: function (k) { return k === undefined ? Object.keys(this.changed).length > 0 : k in this.changed; }
        });
        function Collection(models, options) {
            this.models = []; this.length = 0;
            if (options && options.model) this.model = options.model;
            if (models) this.add(models);
            if (typeof this.initialize === 'function') this.initialize.apply(this, arguments);
        }
        Object.assign(Collection.prototype, Events, {
            model: Model,
            add: function (models) {
                var self = this;
                (Array.isArray(models) ? models : [models]).forEach(function (x) { var mm = x instanceof Model ? x : new self.model(x); self.models.push(mm); self.trigger('add', mm, self); });
                this.length = this.models.length; return this;
            },
            remove: function (x) { var self = this; this.models = this.models.filter(function (mm) { return mm !== x && mm.id !== x && mm.cid !== x && !(x && x.id !== undefined && mm.id === x.id); }); this.length = this.models.length; return self; },
            reset: function (models) { this.models = []; this.length = 0; if (models) this.add(models); this.trigger('reset', this); return this; },
            get: function (id) { return this.models.find(function (mm) { return mm.id === id || mm.cid === id || (id && id.id !== undefined && mm.id === id.id); }); },
            at: function (i) { return this.models[i < 0 ? this.models.length + i : i]; },
            first: function () { return this.models[0]; },
            last: function () { return this.models[this.models.length - 1]; },
            push: function (x) { return this.add(x); },
            pluck: function (k) { return this.models.map(function (mm) { return mm.get(k); }); },
            where: function (attrs) { return this.models.filter(function (mm) { return Object.keys(attrs).every(function (k) { return mm.get(k) === attrs[k]; }); }); },
            findWhere: function (attrs) { return this.where(attrs)[0]; },
            toJSON: function () { return this.models.map(function (mm) { return mm.toJSON(); }); },
            each: function (fn, ctx) { this.models.forEach(fn, ctx); }, forEach: function (fn, ctx) { this.models.forEach(fn, ctx); },
            map: function (fn, ctx) { return this.models.map(fn, ctx); }, filter: function (fn, ctx) { return this.models.filter(fn, ctx); },
            find: function (fn, ctx) { return this.models.find(fn, ctx); }, some: function (fn, ctx) { return this.models.some(fn, ctx); },
            every: function (fn, ctx) { return this.models.every(fn, ctx); }, size: function () { return this.models.length; },
            isEmpty: function () { return !this.models.length; }, toArray: function () { return this.models.slice(); }
        });
        Model.extend = Collection.extend = extend;
        var Backbone = { VERSION: '1.2.3-cdp', Events: Events, Model: Model, Collection: Collection };
        Object.assign(Backbone, Events);
        return m.unsupported('backbone', ['Router', 'View', 'History', 'history', 'sync', 'ajax', 'noConflict'], Backbone);
    });
})();

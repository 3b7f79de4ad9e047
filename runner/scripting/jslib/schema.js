/*
 * tv4 and ajv for Postman scripts (cdp-runner's own code, not the libraries). Validation is done
 * by the host with python-jsonschema (host call `jsonschema`); these objects give it the API
 * shapes scripts call.
 */
(function () {
    'use strict';
    function validateWith(host, mode, schema, data, schemas, all) {
        return host('jsonschema', { schema: schema, data: data === undefined ? null : data, mode: mode, schemas: schemas, all: all });
    }

    __cdp.define('tv4', function (m) {
        function makeTv4() {
            var schemas = {};
            var api = {
                error: null, missing: [], valid: true,
                errorCodes: {
                    INVALID_TYPE: 0, ENUM_MISMATCH: 1, ANY_OF_MISSING: 10, ONE_OF_MISSING: 11, ONE_OF_MULTIPLE: 12,
                    NOT_PASSED: 13, NUMBER_MULTIPLE_OF: 100, NUMBER_MINIMUM: 101, NUMBER_MINIMUM_EXCLUSIVE: 102,
                    NUMBER_MAXIMUM: 103, NUMBER_MAXIMUM_EXCLUSIVE: 104, STRING_LENGTH_SHORT: 200,
                    STRING_LENGTH_LONG: 201, STRING_PATTERN: 202, OBJECT_PROPERTIES_MINIMUM: 300,
                    OBJECT_PROPERTIES_MAXIMUM: 301, OBJECT_REQUIRED: 302, OBJECT_ADDITIONAL_PROPERTIES: 303,
                    OBJECT_DEPENDENCY_KEY: 304, ARRAY_LENGTH_SHORT: 400, ARRAY_LENGTH_LONG: 401,
                    ARRAY_UNIQUE: 402, ARRAY_ADDITIONAL_ITEMS: 403, FORMAT_CUSTOM: 500, KEYWORD_CUSTOM: 501,
                    CIRCULAR_REFERENCE: 600, UNKNOWN_PROPERTY: 1000
                },
                addSchema: function (uri, schema) {
                    if (typeof uri === 'object') { schema = uri; uri = schema.id || schema.$id; }
                    schemas[String(uri)] = schema;
                    return true;
                },
                getSchema: function (uri) { return schemas[uri]; },
                getSchemaUris: function () { return Object.keys(schemas); },
                dropSchemas: function () { schemas = {}; },
                reset: function () { schemas = {}; api.error = null; api.missing = []; },
                freshApi: function () { return makeTv4(); },
                validateResult: function (data, schema, checkRecursive, banUnknown) {
                    if (banUnknown) throw new Error("require('tv4'): function validate with banUnknownProperties is not supported");
                    if (typeof schema === 'string') schema = { $ref: schema };
                    var r = validateWith(m.host, 'tv4', schema, data, schemas, false);
                    var error = r.errors.length ? tv4Error(r.errors[0]) : null;
                    return { valid: r.valid, error: error, missing: r.missing };
                },
                validate: function (data, schema, checkRecursive, banUnknown) {
                    var r = api.validateResult(data, schema, checkRecursive, banUnknown);
                    api.error = r.error; api.missing = r.missing; api.valid = r.valid;
                    return r.valid;
                },
                validateMultiple: function (data, schema, checkRecursive, banUnknown) {
                    if (banUnknown) throw new Error("require('tv4'): function validateMultiple with banUnknownProperties is not supported");
                    if (typeof schema === 'string') schema = { $ref: schema };
                    var r = validateWith(m.host, 'tv4', schema, data, schemas, true);
                    return { valid: r.valid, errors: r.errors.map(tv4Error), missing: r.missing };
                }
            };
            m.unsupported('tv4', ['addFormat', 'defineKeyword', 'defineError', 'addLanguage', 'language',
                'normSchema', 'resolveUrl', 'setErrorReporter'], api);
            return api;
        }
        function tv4Error(e) {
            var err = new Error(e.message);
            err.name = 'ValidationError';
            err.code = e.code; err.dataPath = e.dataPath; err.schemaPath = e.schemaPath; err.subErrors = null;
            err.params = {};
            return err;
        }
        return makeTv4();
    });

    __cdp.define('ajv', function (m) {
        function Ajv(opts) {
            if (!(this instanceof Ajv)) return new Ajv(opts);
            this._opts = opts || {};
            this._schemas = {};
            this.errors = null;
        }
        Ajv.prototype.compile = function (schema) {
            var self = this;
            var fn = function (data) {
                var r = validateWith(m.host, 'ajv', schema, data, self._schemas, !!self._opts.allErrors);
                fn.errors = r.valid ? null : r.errors;
                return r.valid;
            };
            fn.schema = schema;
            fn.errors = null;
            return fn;
        };
        Ajv.prototype.validate = function (schema, data) {
            if (typeof schema === 'string') {
                var key = schema;
                schema = this._schemas[key];
                if (schema === undefined) throw new Error('no schema with key or ref "' + key + '"');
            }
            var fn = this.compile(schema);
            var ok = fn(data);
            this.errors = fn.errors;
            return ok;
        };
        Ajv.prototype.addSchema = function (schema, key) {
            var list = Array.isArray(schema) ? schema : [schema];
            var self = this;
            list.forEach(function (s) { self._schemas[String(key || s.$id || s.id)] = s; });
            return this;
        };
        Ajv.prototype.getSchema = function (key) {
            return this._schemas[key] === undefined ? undefined : this.compile(this._schemas[key]);
        };
        Ajv.prototype.removeSchema = function (key) { if (key === undefined) this._schemas = {}; else delete this._schemas[key]; return this; };
        Ajv.prototype.addMetaSchema = function () { return this; };
        Ajv.prototype.validateSchema = function (schema) {
            try { validateWith(m.host, 'ajv', schema, null, {}, false); this.errors = null; return true; } catch (e) {
                if (e && e.name === 'HostNeed') throw e;
                this.errors = [{ keyword: 'schema', message: e.message }]; return false;
            }
        };
        Ajv.prototype.errorsText = function (errors, options) {
            errors = errors === undefined ? this.errors : errors;
            if (!errors || !errors.length) return 'No errors';
            options = options || {};
            var sep = options.separator === undefined ? ', ' : options.separator;
            var name = options.dataVar === undefined ? 'data' : options.dataVar;
            return errors.map(function (e) { return name + e.dataPath + ' ' + e.message; }).join(sep);
        };
        m.unsupported('ajv', ['addFormat', 'addKeyword', 'getKeyword', 'removeKeyword', 'compileAsync'], Ajv.prototype);
        Ajv.__validate = function (schema, data, mode) { return validateWith(m.host, mode || 'ajv', schema, data, {}, true); };
        Ajv.default = Ajv;
        return Ajv;
    });
})();

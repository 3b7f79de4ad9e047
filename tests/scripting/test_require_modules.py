"""Each require() module and legacy global of the sandbox, in pre-request and test scripts, on both
engines. Expected values are what the real libraries (lodash 4, moment 2, tv4, ajv 6, xml2js,
cheerio, csv-parse, postman-collection, Node) give for the same calls."""

from __future__ import annotations

import pytest
from script_helpers import BACKENDS, HTML, XML, all_pass, context, engine, run  # noqa: F401 (fixture)

from runner.scripting import get_engine

PRELUDE = "function eq(n, a, e) { pm.test(n, function () { pm.expect(a).to.eql(e); }); }\n"

CASES: dict[str, str] = {
    "lodash": """
        var lo = require('lodash');
        eq('the _ global is another lodash', lo === _, false);
        eq('get path', lo.get({a: {b: [{c: 3}]}}, 'a.b[0].c'), 3);
        eq('get default', lo.get({}, 'x.y', 'd'), 'd');
        eq('map property', lo.map([{n: 1}, {n: 2}], 'n'), [1, 2]);
        eq('filter matches', lo.filter([{a: 1, b: 1}, {a: 2}], {a: 1}), [{a: 1, b: 1}]);
        eq('find matchesProperty', lo.find([{a: 1}, {a: 2}], ['a', 2]), {a: 2});
        eq('sortBy', lo.sortBy([{x: 3}, {x: 1}, {x: 2}], 'x').map(function (o) { return o.x; }), [1, 2, 3]);
        eq('orderBy desc', lo.orderBy([{x: 1}, {x: 2}], ['x'], ['desc'])[0].x, 2);
        eq('groupBy', lo.groupBy(['one', 'two', 'three'], 'length'), {3: ['one', 'two'], 5: ['three']});
        eq('uniq', lo.uniq([2, 1, 2]), [2, 1]);
        eq('pick/omit', [lo.pick({a: 1, b: 2}, 'a'), lo.omit({a: 1, b: 2}, ['a'])], [{a: 1}, {b: 2}]);
        eq('merge deep', lo.merge({a: {b: 1}}, {a: {c: 2}}), {a: {b: 1, c: 2}});
        eq('chain', lo.chain([1, 2, 3, 4]).filter(function (n) { return n % 2 === 0; }).map(function (n) { return n * 10; }).value(), [20, 40]);
        eq('implicit chain', [lo([1, 2, 3]).sum(), lo([1, 2]).map(String).value(), Array.isArray(lo([1, 2]).map(String)), lo({a: 1}).get('a')],
           [6, ['1', '2'], false, 1]);
        eq('cases', [lo.camelCase('Foo Bar'), lo.kebabCase('fooBar'), lo.snakeCase('Foo Bar'), lo.startCase('--foo-bar--')],
           ['fooBar', 'foo-bar', 'foo_bar', 'Foo Bar']);
        eq('isEqual/isEmpty', [lo.isEqual({a: [1]}, {a: [1]}), lo.isEmpty({}), lo.isEmpty([1])], [true, true, false]);
        eq('range/times', [lo.range(1, 4), lo.times(3, String)], [[1, 2, 3], ['0', '1', '2']]);
        eq('keyBy/countBy', [lo.keyBy([{id: 'a'}], 'id'), lo.countBy([6.1, 4.2, 6.3], Math.floor)], [{a: {id: 'a'}}, {4: 1, 6: 2}]);
        eq('set creates path', lo.set({}, 'a[0].b', 1), {a: [{b: 1}]});
        eq('difference/intersection', [lo.difference([2, 1], [2, 3]), lo.intersection([2, 1], [2, 3])], [[1], [2]]);
        eq('padStart/truncate', [lo.padStart('7', 3, '0'), lo.truncate('hi-diddly-ho there, neighborino', {length: 24, separator: ' '})],
           ['007', 'hi-diddly-ho there,...']);
    """,
    "lodash 3 global": """
        var users = [{user: 'barney', age: 36, active: true}, {user: 'fred', age: 40, active: false}];
        eq('pluck', _.pluck(users, 'user'), ['barney', 'fred']);
        eq('where/findWhere', [_.where(users, {active: true}).length, _.findWhere(users, {age: 40}).user], [1, 'fred']);
        eq('key, value shorthand', _.filter(users, 'active', false)[0].user, 'fred');
        eq('array shorthand is not matchesProperty', _.find(users, ['user', 'fred']), undefined);
        eq('indexBy/pairs', [Object.keys(_.indexBy(users, 'user')), _.pairs({a: 1})], [['barney', 'fred'], [['a', 1]]]);
        eq('max/sum with iteratee', [_.max(users, 'age').user, _.sum(users, 'age')], ['fred', 76]);
        eq('sortByOrder', _.sortByOrder(users, ['age'], ['desc'])[0].user, 'fred');
        eq('aliases', [_.contains([1, 2], 2), _.any([0, 1]), _.all([1, 0]), _.rest([1, 2, 3]), _.uniq([1, 1, 2])], [true, true, false, [2, 3], [1, 2]]);
        eq('shared functions', [_.get({a: {b: 1}}, 'a.b'), _.isArray([]), _.keys({x: 1})], [1, true, ['x']]);
    """,
    "moment": """
        var moment = require('moment');
        var t = moment.utc('2024-02-29T10:20:30.123Z');
        eq('format default', t.format(), '2024-02-29T10:20:30Z');
        eq('format tokens', t.format('YYYY-MM-DD HH:mm:ss.SSS ddd MMM Do A'), '2024-02-29 10:20:30.123 Thu Feb 29th AM');
        eq('toISOString', t.toISOString(), '2024-02-29T10:20:30.123Z');
        eq('add year clamps day', t.clone().add(1, 'years').format('YYYY-MM-DD'), '2025-02-28');
        eq('subtract days', t.clone().subtract(29, 'days').format('YYYY-MM-DD'), '2024-01-31');
        eq('startOf/endOf', [t.clone().startOf('month').toISOString(), t.clone().endOf('day').toISOString()],
           ['2024-02-01T00:00:00.000Z', '2024-02-29T23:59:59.999Z']);
        eq('diff days', moment.utc('2024-03-01').diff(moment.utc('2024-01-15'), 'days'), 46);
        eq('diff months', moment.utc('2024-03-15').diff(moment.utc('2024-01-15'), 'months'), 2);
        eq('parse with format', moment.utc('25/12/2023 14:05', 'DD/MM/YYYY HH:mm').toISOString(), '2023-12-25T14:05:00.000Z');
        eq('invalid', [moment('2023-13-01').isValid(), moment.invalid().format()], [false, 'Invalid date']);
        eq('unix', [moment.unix(86400).utc().format('YYYY-MM-DD'), moment.utc(0).valueOf()], ['1970-01-02', 0]);
        eq('offset in input', moment.utc('2024-01-01T00:00:00+02:00').format(), '2023-12-31T22:00:00Z');
        eq('comparisons', [t.isBefore('2025-01-01'), t.isAfter('2025-01-01'), t.isSame('2024-02-29T23:00:00Z', 'day')], [true, false, true]);
        eq('duration', [moment.duration(90, 'minutes').asHours(), moment.duration('01:30:00').asMinutes(), moment.duration(1, 'hour').humanize()],
           [1.5, 90, 'an hour']);
        eq('fromNow', moment().subtract(3, 'days').fromNow(), '3 days ago');
    """,
    "tv4": """
        var schema = {type: 'object', required: ['id'], properties: {id: {type: 'integer'}, tags: {type: 'array', items: {type: 'string'}}}};
        eq('valid', tv4.validate({id: 1, tags: ['a']}, schema), true);
        eq('the tv4 global is another instance', require('tv4') === tv4, false);
        eq('invalid', tv4.validate({id: 'x'}, schema), false);
        eq('error', [tv4.error.message, tv4.error.code, tv4.error.dataPath], ['Invalid type: string (expected integer)', 0, '/id']);
        eq('missing required', tv4.validateResult({}, schema).error.message, 'Missing required property: id');
        eq('multiple', tv4.validateMultiple({id: 'x', tags: [1]}, schema).errors.length, 2);
        tv4.addSchema('urn:tag', {type: 'string', minLength: 2});
        eq('addSchema $ref', [tv4.validate('ab', {$ref: 'urn:tag'}), tv4.validate('a', {$ref: 'urn:tag'})], [true, false]);
        eq('unknown $ref is missing', [tv4.validate(1, {$ref: 'urn:none'}), tv4.missing], [true, ['urn:none']]);
    """,
    "ajv": """
        var Ajv = require('ajv');
        var ajv = new Ajv({allErrors: true});
        var validate = ajv.compile({type: 'object', required: ['a'], properties: {a: {type: 'boolean'}, e: {format: 'email'}}});
        eq('valid', [validate({a: true}), validate.errors], [true, null]);
        eq('invalid', validate({a: 1, e: 'nope'}), false);
        eq('errors', validate.errors.map(function (e) { return e.dataPath + ' ' + e.message; }), ['.a should be boolean', '.e should match format "email"']);
        eq('validate + errorsText', [ajv.validate({type: 'string'}, 3), ajv.errorsText()], [false, 'data should be string']);
        eq('required message', (ajv.validate({required: ['x']}, {}), ajv.errors[0].message), "should have required property 'x'");
        ajv.addSchema({$id: 'urn:n', type: 'number'});
        eq('getSchema', ajv.getSchema('urn:n')(5), true);
        eq('chai jsonSchema', (function () { pm.expect({a: 1}).to.not.be.jsonSchema({properties: {a: {type: 'string'}}}); return true; })(), true);
    """,
    "xml2js": """
        var xml2js = require('xml2js'), result, err;
        xml2js.parseString(XML, function (e, r) { err = e; result = r; });
        eq('no error', err, null);
        eq('default shape', result.catalog.book[0], {$: {id: 'b1'}, title: ['One'], 'x:tag': ['t']});
        eq('attributes + text', result.catalog.book[1].title[0], {_: 'Two', $: {lang: 'en'}});
        eq('empty element', result.catalog.book[1].empty, ['']);
        new xml2js.Parser({explicitArray: false, mergeAttrs: true}).parseString(XML, function (e, r) { result = r; });
        eq('explicitArray false + mergeAttrs', result.catalog.book[0], {id: 'b1', title: 'One', 'x:tag': 't'});
        xml2js.parseString(XML, {tagNameProcessors: [xml2js.processors.stripPrefix], explicitArray: false}, function (e, r) { result = r; });
        eq('processors', result.catalog.book[0].tag, 't');
        xml2js.parseString('<a><b>', function (e, r) { err = e; });
        eq('malformed is an error', err instanceof Error, true);
        eq('xml2Json legacy', xml2Json(XML).catalog.book[1], {$: {id: 'b2'}, title: {_: 'Two', $: {lang: 'en'}}, empty: ''});
        var parsed = xml2Json(XML);
        parsed.catalog.book[0].title = 'changed';
        eq('each parse is a fresh object', xml2Json(XML).catalog.book[0].title, 'One');
        eq('builder', new xml2js.Builder({headless: true, renderOpts: {pretty: false}}).buildObject({r: {$: {a: '1'}, c: ['x', 'y']}}),
           '<r a="1"><c>x</c><c>y</c></r>');
    """,
    "cheerio": """
        var $ = cheerio.load(HTML);
        eq('the cheerio global is another instance', require('cheerio') === cheerio, false);
        eq('text', $('title').text(), 'Shop & more');
        eq('count', $('li.item').length, 2);
        eq('attr', $('li.first a').attr('href'), '/a');
        eq('data', $('li').eq(1).data('id'), 2);
        eq('find + each', (function () { var out = []; $('#items').find('a').each(function (i, el) { out.push($(el).text()); }); return out; })(), ['Apple', 'Banana']);
        eq('map.get', $('li').map(function (i, el) { return $(el).attr('data-id'); }).get(), ['1', '2']);
        eq('html', $('li').eq(1).html(), '<a href="/b">Banana</a> <b>ripe</b>');
        eq('traversal', [$('b').parent().attr('data-id'), $('a').first().parents('ul').attr('id'), $('li').first().next().hasClass('item')], ['2', 'items', true]);
        eq('filter/not/is', [$('li').filter('.first').length, $('li').not('.first').length, $('li').is('[data-id="2"]')], [1, 1, true]);
        eq('val', $('input[name=q]').val(), 'fruit');
        eq('element objects', [$('a')[0].name, $('a')[0].attribs.href, $('a')[0].children[0].data], ['a', '/a', 'Apple']);
        eq('fragment', cheerio.load('<p>x</p>').html(), '<p>x</p>');
        var d = cheerio.load('<h2 class="title">Hello world</h2>');
        d('h2.title').text('Hi');
        d('h2').addClass('welcome');
        eq('text/addClass', d.html(), '<h2 class="title welcome">Hi</h2>');
        d('h2').append('<span>x</span>').after('<p>after</p>');
        eq('append/after, selectors see the change', [d.html(), d('h2 span').text()], ['<h2 class="title welcome">Hi<span>x</span></h2><p>after</p>', 'x']);
        d('p').remove();
        d('h2').removeClass('title').attr('id', 'i');
        eq('remove/removeClass/attr', [d.html(), d('#i').length, d('.title').length], ['<h2 class="welcome" id="i">Hi<span>x</span></h2>', 1, 0]);
    """,
    "csv-parse/lib/sync": """
        var parse = require('csv-parse/lib/sync');
        eq('rows', parse('a,b\\n1,"2,3"\\n'), [['a', 'b'], ['1', '2,3']]);
        eq('columns', parse('a,b\\n1,2\\n', {columns: true}), [{a: '1', b: '2'}]);
        eq('options', parse('x;y\\n\\n 1 ; 2 \\n', {delimiter: ';', skip_empty_lines: true, trim: true}), [['x', 'y'], ['1', '2']]);
        pm.test('ragged row is an error', function () { pm.expect(function () { parse('a,b\\n1\\n', {columns: true}); }).to.throw(/does not match header/); });
    """,
    "crypto-js": """
        var C = require('crypto-js'), key = C.enc.Utf8.parse('1234567890123456');
        eq('digests', [C.MD5('a').toString(), C.HmacSHA256('msg', 'k').toString(C.enc.Base64)],
           ['0cc175b9c0f1b6a831c399e269772661', 'vxoMEkKSm2RkpsCprGKYpn4JvRzU7x8YLOAUFpH8F6A=']);
        var c = C.AES.encrypt('my message', key, {iv: key});
        eq('AES-CBC with key and iv', [c.toString(), c.ciphertext.toString(C.enc.Base64)], ['KyNIt9nSHJO6L4Zq/36Jpw==', 'KyNIt9nSHJO6L4Zq/36Jpw==']);
        eq('AES-ECB', C.AES.encrypt('my message', key, {mode: C.mode.ECB, padding: C.pad.Pkcs7}).toString(), '/NCboG+o1+bU3tU+J4aXvA==');
        eq('AES decrypt', C.AES.decrypt('KyNIt9nSHJO6L4Zq/36Jpw==', key, {iv: key}).toString(C.enc.Utf8), 'my message');
        eq('passphrase (OpenSSL format)', [C.AES.decrypt('U2FsdGVkX18AESIzRFVmdwXKnmn0nh4dMMiNr0gagOk=', 'secret key 123').toString(C.enc.Utf8),
            C.AES.encrypt('round trip', 'pw').toString().slice(0, 10), C.AES.decrypt(C.AES.encrypt('round trip', 'pw').toString(), 'pw').toString(C.enc.Utf8)],
           ['hello salted', 'U2FsdGVkX1', 'round trip']);
        var des = C.enc.Utf8.parse('123456789012345678901234'), iv = C.enc.Utf8.parse('12345678');
        eq('TripleDES', [C.TripleDES.encrypt('des text', des, {iv: iv}).toString(), C.TripleDES.decrypt('HETc0gesMmgd3Vv5Tyo5sw==', des, {iv: iv}).toString(C.enc.Utf8)],
           ['HETc0gesMmgd3Vv5Tyo5sw==', 'des text']);
        eq('PBKDF2', C.PBKDF2('pw', 'salt', {keySize: 4, iterations: 1000}).toString(), 'ba95848a9b5ce11f1b43d7d167d8413d');
        eq('WordArray', [C.lib.WordArray.create([0x01020304, 0x05060708], 6).toString(), C.lib.WordArray.random(8).sigBytes], ['010203040506', 8]);
    """,
    "atob": "eq('atob', require('atob')('aGk='), 'hi'); eq('global', atob('aGk='), 'hi');",
    "btoa": "eq('btoa', require('btoa')('hi'), 'aGk='); eq('global', btoa('hi'), 'aGk=');",
    "postman-collection": """
        var sdk = require('postman-collection');
        var url = new sdk.Url('https://api.example.com:8443/v1/users?limit=10&offset=0#top');
        eq('url parts', [url.getHost(), url.port, url.getPath(), url.getQueryString(), url.query.get('limit'), url.hash],
           ['api.example.com', '8443', '/v1/users', 'limit=10&offset=0', '10', 'top']);
        url.query.upsert({key: 'limit', value: '20'});
        url.addQueryParams([{key: 'q', value: 'x'}]);
        eq('url toString', url.toString(), 'https://api.example.com:8443/v1/users?limit=20&offset=0&q=x#top');
        eq('QueryParam', [sdk.QueryParam.parse('a=1&b'), sdk.QueryParam.unparse([{key: 'a', value: '1'}, {key: 'b', value: null}])],
           [[{key: 'a', value: '1'}, {key: 'b', value: null}], 'a=1&b']);
        eq('Header', [new sdk.Header({key: 'A', value: '1'}).toString(), sdk.Header.parse('A: 1\\nB: 2').map(function (h) { return h.key; })], ['A: 1', ['A', 'B']]);
        var req = new sdk.Request({url: 'http://x.com/a', method: 'post', header: [{key: 'X-Id', value: '1'}], body: {mode: 'raw', raw: '{}'}});
        eq('Request', [req.method, req.url.toString(), req.headers.get('x-id'), req.body.toString()], ['POST', 'http://x.com/a', '1', '{}']);
        var res = new sdk.Response({code: 201, body: '{"ok":true}', header: [{key: 'A', value: 'b'}]});
        eq('Response', [res.code, res.json().ok, res.headers.get('a'), res.text()], [201, true, 'b', '{"ok":true}']);
        var scope = new sdk.VariableScope({values: [{key: 'a', value: '1'}]});
        scope.set('b', '2');
        eq('VariableScope', [scope.get('a'), scope.replaceIn('{{a}}-{{b}}'), scope.toObject()], ['1', '1-2', {a: '1', b: '2'}]);
        var list = new sdk.PropertyList(sdk.Variable, null, [{key: 'k', value: 'v'}]);
        eq('PropertyList', [list.count(), list.has('k'), list.toObject()], [1, true, {k: 'v'}]);
    """,
    "backbone": """
        var B = require('backbone');
        eq('the Backbone global is another instance', B === Backbone, false);
        var Model = B.Model.extend({defaults: {a: 1}});
        var m = new Model({b: 2}), changed = [];
        m.on('change:a', function (model, v) { changed.push(v); });
        m.set('a', 5);
        eq('model', [m.get('a'), m.get('b'), m.toJSON(), changed], [5, 2, {a: 5, b: 2}, [5]]);
        var c = new B.Collection([{id: 1, n: 'x'}, {id: 2, n: 'y'}]);
        eq('collection', [c.length, c.get(2).get('n'), c.pluck('n'), c.where({n: 'x'}).length], [2, 'y', ['x', 'y'], 1]);
    """,
    "url": """
        var url = require('url');
        var u = url.parse('https://user:pw@Example.com:8080/a/b?x=1&y=2#h', true);
        eq('parse', [u.protocol, u.host, u.hostname, u.port, u.pathname, u.query, u.hash, u.auth],
           ['https:', 'example.com:8080', 'example.com', '8080', '/a/b', {x: '1', y: '2'}, '#h', 'user:pw']);
        eq('format', url.format({protocol: 'http', hostname: 'x.com', pathname: '/p', query: {a: 1}}), 'http://x.com/p?a=1');
        eq('resolve', url.resolve('http://a.com/b/c', '../d'), 'http://a.com/d');
    """,
    "util": """
        var util = require('util');
        eq('format', util.format('%s=%d %j', 'a', 42, {b: 1}), 'a=42 {"b":1}');
        eq('types', [util.isArray([]), util.isString('x'), util.isObject(null)], [true, true, false]);
        function A() {} function B() {} util.inherits(B, A);
        eq('inherits', new B() instanceof A, true);
    """,
    "buffer": """
        var Buffer = require('buffer').Buffer;
        eq('base64', Buffer.from('héllo').toString('base64'), 'aMOpbGxv');
        eq('decode', Buffer.from('aGk=', 'base64').toString(), 'hi');
        eq('hex', [Buffer.from('hi').toString('hex'), Buffer.from('6869', 'hex').toString('utf8')], ['6869', 'hi']);
        eq('byteLength/concat', [Buffer.byteLength('é'), Buffer.concat([Buffer.from('a'), Buffer.from('b')]).toString()], [2, 'ab']);
    """,
    "querystring": """
        var qs = require('querystring');
        eq('stringify', qs.stringify({a: [1, 2], b: 'x y'}), 'a=1&a=2&b=x%20y');
        eq('parse', JSON.parse(JSON.stringify(qs.parse('a=1&a=2&b=x+y'))), {a: ['1', '2'], b: 'x y'});
    """,
    "events": """
        var EventEmitter = require('events'), seen = [];
        var e = new EventEmitter();
        e.on('x', function (v) { seen.push(v); });
        e.once('x', function (v) { seen.push('once ' + v); });
        e.emit('x', 1); e.emit('x', 2);
        eq('emit', seen, [1, 'once 1', 2]);
        eq('listenerCount', e.listenerCount('x'), 1);
    """,
    "stream": """
        var stream = require('stream'), EventEmitter = require('events');
        eq('classes', [typeof stream.Readable, typeof stream.Writable, typeof stream.Transform, typeof stream.PassThrough],
           ['function', 'function', 'function', 'function']);
        eq('streams are event emitters', new stream.Readable({read: function () {}}) instanceof EventEmitter, true);
    """,
    "timers": """
        var timers = require('timers');
        eq('functions', [typeof timers.setTimeout, typeof timers.clearTimeout, typeof timers.setImmediate], ['function', 'function', 'function']);
        var id = timers.setTimeout(function () { pm.test('cleared timer ran', function () { throw new Error('no'); }); }, 1);
        timers.clearTimeout(id);
    """,
    "path": """
        var path = require('path');
        eq('join/normalize', [path.join('/a/b', '../c', 'd.txt'), path.normalize('a//b/../c/')], ['/a/c/d.txt', 'a/c/']);
        eq('parts', [path.basename('/x/y.json'), path.basename('/x/y.json', '.json'), path.extname('y.tar.gz'), path.dirname('/x/y/z')],
           ['y.json', 'y', '.gz', '/x/y']);
        eq('relative/resolve', [path.relative('/a/b/c', '/a/d'), path.resolve('/a', 'b', '../c')], ['../../d', '/a/c']);
    """,
    "assert": """
        var assert = require('assert');
        assert(true); assert.strictEqual(1, 1); assert.deepStrictEqual({a: [1]}, {a: [1]});
        pm.test('fails', function () { pm.expect(function () { assert.strictEqual(1, 2); }).to.throw(); });
        pm.test('message', function () { try { assert.equal(1, 2, 'custom'); } catch (e) { pm.expect([e.name, e.message]).to.eql(['AssertionError', 'custom']); } });
        pm.test('throws', function () { assert.throws(function () { throw new Error('boom'); }, /boom/); });
    """,
    "punycode": """
        var p = require('punycode');
        eq('toASCII', p.toASCII('mañana.com'), 'xn--maana-pta.com');
        eq('toUnicode', p.toUnicode('xn--maana-pta.com'), 'mañana.com');
        eq('encode/decode', [p.encode('bücher'), p.decode('bcher-kva')], ['bcher-kva', 'bücher']);
    """,
    "string_decoder": """
        var SD = require('string_decoder').StringDecoder, Buffer = require('buffer').Buffer;
        var d = new SD('utf8');
        eq('split multibyte', d.write(Buffer.from([0xc3])) + d.write(Buffer.from([0xa9])) + d.end(), 'é');
    """,
}


# What cdp-runner does beyond Newman's sandbox (unit-tested here, not compared with Newman)
BEYOND: dict[str, str] = {
    "unsupported functions fail loudly": """
        pm.test('lodash', function () { pm.expect(function () { _.template('x'); }).to.throw("require('lodash'): function template is not supported"); });
        pm.test('moment', function () { pm.expect(function () { require('moment')().calendar(); }).to.throw("require('moment'): function calendar is not supported"); });
        pm.test('cheerio', function () { pm.expect(function () { cheerio.load('<p/>')('p').wrap('<div/>'); }).to.throw("require('cheerio'): function wrap is not supported"); });
        pm.test('backbone', function () { pm.expect(function () { new Backbone.Router(); }).to.throw("require('backbone'): function Router is not supported"); });
    """,
    "WHATWG URL": """
        var w = new (require('url').URL)('https://example.com/a/../b?q=1#f');
        w.searchParams.append('z', 'a b');
        eq('URL', [w.pathname, w.searchParams.get('q'), w.href], ['/b', '1', 'https://example.com/b?q=1&z=a+b#f']);
        eq('util.isDeepStrictEqual', require('util').isDeepStrictEqual({a: [1]}, {a: [1]}), true);
    """,
    "stream data flows": """
        // Newman's stream module needs a setTimeout its sandbox does not give it, so data never flows there
        var stream = require('stream'), got = [];
        var r = new stream.Readable({read: function () {}});
        r.on('data', function (c) { got.push(String(c)); });
        r.on('end', function () { pm.test('stream data', function () { pm.expect(got).to.eql(['ab', 'c']); }); });
        r.push('ab'); r.push('c'); r.push(null);
    """,
    "timers fire": """
        require('timers').setTimeout(function () { pm.test('timer ran', function () {}); }, 5);
    """,
}


def _source(module: str) -> str:
    return PRELUDE + f"var HTML = {HTML!r}, XML = {XML!r};\n" + {**CASES, **BEYOND}[module]


@pytest.mark.parametrize("event", ["prerequest", "test"])
@pytest.mark.parametrize("module", sorted(CASES) + sorted(BEYOND))
def test_module(engine, module: str, event: str) -> None:
    got = all_pass(engine, _source(module), context(event))
    assert got, "the script ran no test"


def test_every_sandbox_module_is_covered() -> None:
    from runner.scripting.modules import known_names

    public = set(known_names()) - {"sugar", "xml2Json", "lodash3", "csv-parse/sync", "crypto-ciphers"}
    assert public <= set(CASES), public - set(CASES)


def test_sugar_prototypes(engine) -> None:
    src = PRELUDE + """
        eq('camelize', ['a_b'.camelize(), 'hello_world'.camelize(false)], ['AB', 'helloWorld']);
        eq('string helpers', ['fooBar'.underscore(), 'fooBar'.dasherize(), 'hello world'.capitalize(), '  '.isBlank(), 'x_y'.titleize()],
           ['foo_bar', 'foo-bar', 'Hello world', true, 'X Y']);
        eq('array helpers', [[1, 2, 2].unique(), [1, [2, [3]]].flatten(), [1, 2, 3].sum(), [1, 2, 3].first(), [1, 2, 3].last(2)],
           [[1, 2], [1, 2, 3], 6, 1, [2, 3]]);
        eq('number helpers', [(3.14159).round(2), (1234567.891).format(2), (3).ordinalize(), (5).pad(3)], [3.14, '1,234,567.89', '3rd', '005']);
        eq('not enumerable', Object.keys([]).concat(Object.keys('')), []);
        pm.test('for..in unaffected', function () { var keys = []; for (var k in [7]) keys.push(k); pm.expect(keys).to.eql(['0']); });
    """
    all_pass(engine, src, context("test"))


@pytest.mark.parametrize("backend", BACKENDS)
def test_modules_are_loaded_only_when_named(backend: str) -> None:
    """A script that names no module runs without them (nothing loaded, nothing to pay)."""
    fresh = get_engine(backend)
    try:
        out = run(fresh, "pm.test('plain', function () { pm.expect([typeof String.prototype.camelize, "
                         "typeof globalThis['Buf' + 'fer']]).to.eql(['undefined', 'undefined']); });", context("test"))
        assert out.error is None and out.tests[0].passed, out
    finally:
        fresh.close()


def test_dynamic_require_is_loaded_on_demand(engine) -> None:
    """A module name only known at run time is loaded by a host call and the script runs again."""
    src = PRELUDE + "var name = ['lo', 'dash'].join(''); eq('dynamic', require(name).kebabCase('aB'), 'a-b');"
    all_pass(engine, src, context("prerequest"), expected_names=1)


def test_unknown_module_is_refused(engine) -> None:
    out = run(engine, "require('fs');", context("test"))
    assert out.error is not None and "require('fs'): module not available" in out.error.message
    assert "lodash" in out.error.message


def test_missing_parts_of_builtin_modules_fail_loudly(engine) -> None:
    src = """
        pm.test('uuid is the v4 generator', function () { pm.expect(require('uuid')()).to.match(/^[0-9a-f-]{36}$/); });
        pm.test('uuid v1', function () { pm.expect(function () { require('uuid').v1(); }).to.throw("require('uuid'): function v1 is not supported"); });
        pm.test('Rabbit', function () { pm.expect(function () { CryptoJS.Rabbit.encrypt('a', 'k'); }).to.throw("require('crypto-js'): function Rabbit.encrypt is not supported"); });
        pm.test('SHA3', function () { pm.expect(function () { require('crypto-js').SHA3('a'); }).to.throw("require('crypto-js'): function SHA3 is not supported"); });
    """
    all_pass(engine, src, context("test"), expected_names=4)

/* csv-parse/lib/sync for Postman scripts: cdp-runner's own code; parsing by Python's csv (host call `csv`). */
(function () {
    'use strict';
    function factory(m) {
        var supported = ['delimiter', 'quote', 'columns', 'skip_empty_lines', 'skipEmptyLines', 'trim', 'ltrim', 'rtrim',
            'from_line', 'fromLine', 'relax_column_count', 'relaxColumnCount', 'bom'];
        function parse(input, options) {
            var o = options || {}, sent = {};
            Object.keys(o).forEach(function (k) {
                if (supported.indexOf(k) < 0) throw new Error("require('csv-parse/lib/sync'): option " + k + ' is not supported');
                if (k === 'columns' && typeof o[k] === 'function') throw new Error("require('csv-parse/lib/sync'): option columns as a function is not supported");
                sent[k] = o[k];
            });
            return m.host('csv', { text: String(input), options: sent });
        }
        parse.parse = parse;
        return parse;
    }
    __cdp.define('csv-parse/lib/sync', factory);
    __cdp.define('csv-parse/sync', function (m) { var p = factory(m); return { parse: p }; });
})();

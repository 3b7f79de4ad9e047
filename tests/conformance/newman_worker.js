// Runs Newman collections on request, in one long-lived Node process, so the parity test pays Node's
// and Newman's start-up once instead of once per case.
//
//   node newman_worker.js NEWMAN_PACKAGE_DIR
//
// Reads one JSON request per line on stdin: {"cwd", "collection", "environment", "iterationData",
// "globals", "globalVar": [{"key", "value"}], "report"}. Each run starts in `cwd` (as the CLI would
// when started there) and writes Newman's JSON report to `report`. When a run ends, one line
// "@@newman-worker-done CODE" goes to stdout, CODE being the exit code the newman CLI gives for that
// run (1 when the run errored or had a failure, else 0). Anything else on stdout is Newman's own.
'use strict';

const path = require('path');
const readline = require('readline');
const newman = require(path.resolve(process.argv[2]));

const DONE = '@@newman-worker-done';
const queue = [];
let busy = false;

function next () {
    if (busy || !queue.length) { return; }
    busy = true;
    const job = queue.shift();
    const finish = (code) => {
        process.stdout.write(`\n${DONE} ${code}\n`);
        busy = false;
        next();
    };

    try {
        process.chdir(job.cwd);
        const options = {
            collection: job.collection,
            reporters: ['json'],
            reporter: { json: { export: job.report } },
            globalVar: job.globalVar || []
        };

        job.environment && (options.environment = job.environment);
        job.iterationData && (options.iterationData = job.iterationData);
        job.globals && (options.globals = job.globals);
        newman.run(options, (err, summary) => {
            const failed = err || (summary && (summary.run.error || summary.run.failures.length));

            finish(failed ? 1 : 0);
        });
    }
    catch (e) {
        process.stderr.write(`newman worker: ${e && e.stack}\n`);
        finish(1);
    }
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
    if (!line.trim()) { return; }
    queue.push(JSON.parse(line));
    next();
});
